package scope.webrtc.internal;

import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.Frame;

/**
 * One inbound video track and its input loop (spec 5.2, seeds 003).
 *
 * <p>libwebrtc delivers decoded frames on its decoder thread; the sink only parks the newest one in a one-slot
 * mailbox (a frame it replaces is released at once), so the decoder is never held up. The input loop thread takes
 * frames from the mailbox, converts them to RGB and hands them to the {@link Listener}. A failing frame (conversion
 * or hand-off) counts as an error: up to {@value #MAX_CONSECUTIVE_ERRORS} in a row are tolerated with a
 * {@value #ERROR_PAUSE_MILLIS} ms pause after each, the first of a run asks for a key frame, a good frame resets the
 * count, and the {@value #MAX_CONSECUTIVE_ERRORS}th ends the loop through {@link Listener#gaveUp}. Every delivered
 * frame is released exactly once.
 */
final class InboundVideo implements VideoTrackSink {
    static final int MAX_CONSECUTIVE_ERRORS = 10;
    static final long ERROR_PAUSE_MILLIS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(InboundVideo.class);

    /** Where the loop's results go; called on the input loop thread. */
    interface Listener {
        void frame(int trackIndex, Frame frame);

        void firstFrame(int trackIndex);

        void keyframeWanted(int trackIndex, String reason);

        void gaveUp(int trackIndex, String errorMessage);
    }

    private final String sessionId;
    private final int index;
    private final String mid;
    private final VideoTrack track;
    private final RTCRtpReceiver receiver;
    private final Listener listener;
    /** What libwebrtc holds on to instead of this object (see {@link NativeCallbacks}). */
    private final NativeCallbacks.FrameSink sink = new NativeCallbacks.FrameSink(this);
    private final Object lock = new Object();
    private final AtomicInteger injectedFailures = new AtomicInteger();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicInteger longestErrorRun = new AtomicInteger();
    private VideoFrame pending;
    private boolean running;
    private boolean sinkAdded;
    private Thread loop;

    InboundVideo(String sessionId, int index, String mid, VideoTrack track, RTCRtpReceiver receiver,
            Listener listener) {
        this.sessionId = sessionId;
        this.index = index;
        this.mid = mid;
        this.track = track;
        this.receiver = receiver;
        this.listener = listener;
    }

    int index() {
        return index;
    }

    /** The mid of the transceiver this track arrives on. */
    String mid() {
        return mid;
    }

    RTCRtpReceiver receiver() {
        return receiver;
    }

    long framesReceived() {
        return framesReceived.get();
    }

    long errors() {
        return errors.get();
    }

    int longestErrorRun() {
        return longestErrorRun.get();
    }

    /** Test hook: the next {@code count} frames fail as a broken conversion would. */
    void injectFailures(int count) {
        injectedFailures.addAndGet(count);
    }

    int pendingInjectedFailures() {
        return injectedFailures.get();
    }

    void start() {
        synchronized (lock) {
            running = true;
            loop = new Thread(this::run, Threads.name("in" + index, sessionId));
            loop.setDaemon(true);
            loop.start();
        }
        track.addSink(sink);
        synchronized (lock) {
            sinkAdded = true;
        }
    }

    @Override
    public void onVideoFrame(VideoFrame frame) {
        VideoFrame replaced;
        synchronized (lock) {
            if (!running) {
                replaced = frame;
            } else {
                replaced = pending;
                pending = frame;
                lock.notifyAll();
            }
        }
        if (replaced != null) {
            replaced.release();
        }
    }

    private void run() {
        RgbI420 converter = new RgbI420();
        int consecutive = 0;
        while (true) {
            VideoFrame frame;
            synchronized (lock) {
                while (running && pending == null) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!running) {
                    return;
                }
                frame = pending;
                pending = null;
            }
            try {
                Frame rgb = convert(converter, frame);
                listener.frame(index, rgb);
                // Reset only after the hand-off succeeded: a stream that keeps refusing frames must still end.
                consecutive = 0;
                if (framesReceived.incrementAndGet() == 1) {
                    listener.firstFrame(index);
                }
            } catch (Exception e) {
                consecutive++;
                errors.incrementAndGet();
                longestErrorRun.accumulateAndGet(consecutive, Math::max);
                if (consecutive >= MAX_CONSECUTIVE_ERRORS) {
                    String message = "Input video track " + index + " failed " + consecutive
                            + " times in a row: " + e.getMessage();
                    LOG.error("Session {}: {}", sessionId, message);
                    listener.gaveUp(index, message);
                    return;
                }
                LOG.warn("Session {}: transient input error on track {} ({}/{}): {}", sessionId, index, consecutive,
                        MAX_CONSECUTIVE_ERRORS, e.getMessage());
                if (consecutive == 1) {
                    listener.keyframeWanted(index, "input error: " + e.getMessage());
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(ERROR_PAUSE_MILLIS);
                } catch (InterruptedException ie) {
                    return;
                }
            } finally {
                frame.release();
            }
        }
    }

    private Frame convert(RgbI420 converter, VideoFrame frame) throws Exception {
        if (injectedFailures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw new IllegalStateException("injected conversion failure");
        }
        return converter.toRgb(frame.buffer, frame.timestampNs);
    }

    /** Detaches the sink, stops and joins the loop and releases a parked frame. Idempotent. */
    void stop() throws InterruptedException {
        boolean detach;
        Thread t;
        synchronized (lock) {
            running = false;
            detach = sinkAdded;
            sinkAdded = false;
            t = loop;
            loop = null;
            lock.notifyAll();
        }
        if (detach) {
            try {
                track.removeSink(sink);
            } catch (RuntimeException | Error e) {
                LOG.debug("Session {}: removeSink: {}", sessionId, e.toString());
            }
        }
        sink.detach();
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        VideoFrame left;
        synchronized (lock) {
            left = pending;
            pending = null;
        }
        if (left != null) {
            left.release();
        }
    }
}
