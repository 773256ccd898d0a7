package scope.webrtc.internal;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.Frame;
import scope.runtime.stream.Stream;

/**
 * One outgoing video of the server: a custom video source and its track, fed by one sender thread that pulls one of
 * the stream's paced outputs ({@link Stream#nextOutput(int)}: output 0 of a chain, the output of one sink of a
 * forked graph), converts each frame to I420 and pushes it. The thread ends when the stream stops (null frame) or on
 * {@link #stop()}.
 */
final class OutboundVideo {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundVideo.class);

    private final String sessionId;
    private final int output;
    private final CustomVideoSource source;
    private final VideoTrack track;
    private final AtomicLong framesSent = new AtomicLong();
    private Thread sender;
    /** The mid of the transceiver carrying the track, null when attached nowhere (or no longer). */
    private volatile String attachedMid;

    /** The track for {@code output} of the session's stream. */
    OutboundVideo(PeerConnectionFactory factory, String sessionId, int output) {
        this.sessionId = sessionId;
        this.output = output;
        this.source = new CustomVideoSource();
        VideoTrack created;
        try {
            created = factory.createVideoTrack("scope-video-" + sessionId + (output == 0 ? "" : "-" + output), source);
        } catch (RuntimeException | Error e) {
            source.dispose();
            throw e;
        }
        this.track = created;
    }

    /** Puts the track on the transceiver's sender (the one the client receives on). */
    void attach(RTCRtpTransceiver transceiver, String streamId) {
        RTCRtpSender target = transceiver.getSender();
        target.replaceTrack(track);
        target.setStreams(java.util.List.of(streamId));
        attachedMid = transceiver.getMid();
    }

    /** The track, for WHEP viewers that send it on connections of their own (it stays owned by this object). */
    VideoTrack track() {
        return track;
    }

    /** The mid of the transceiver the track is on, or null. */
    String attachedMid() {
        return attachedMid;
    }

    /**
     * The transceiver was rejected in the answer: libwebrtc stops it and may free its sender, so it must never be
     * used again (webrtc-java 0.14 crashes the JVM in {@code RTCRtpSender.replaceTrack} on such a sender).
     */
    void forget() {
        attachedMid = null;
    }

    /**
     * Takes the track off its sender; must happen before the peer connection closes, or the sender keeps a
     * reference and the track can never be disposed (libwebrtc answers dispose with an Error and the track leaks).
     * The sender is looked up afresh among the peer connection's live transceivers, and only used when its
     * transceiver is neither stopped nor negotiated as stopped: a Java handle kept from earlier may point at a
     * transceiver libwebrtc has since removed.
     */
    void detach(RTCPeerConnection pc) {
        String mid = attachedMid;
        attachedMid = null;
        if (mid == null || pc == null) {
            return;
        }
        try {
            RTCRtpTransceiver live = LiveTransceivers.find(pc, mid);
            if (live != null) {
                live.getSender().replaceTrack(null);
            } else {
                LOG.debug("Session {}: transceiver {} is gone or stopped; leaving its sender alone", sessionId, mid);
            }
        } catch (RuntimeException | Error e) {
            LOG.debug("Session {}: detaching the video track: {}", sessionId, e.toString());
        }
    }

    long framesSent() {
        return framesSent.get();
    }

    /**
     * Starts the sender thread.
     *
     * @param firstFrame told once, on the sender thread, when the first frame has been pushed
     * @param stopped    told on the sender thread when the output ended by itself (not after {@link #stop()}): null
     *                   when the stream stopped (the stream reports that itself), the error message when sending
     *                   failed
     */
    synchronized void start(Stream stream, Consumer<Long> firstFrame, Consumer<String> stopped) {
        sender = new Thread(() -> run(stream, firstFrame, stopped),
                Threads.name(output == 0 ? "out" : "out" + output, sessionId));
        sender.setDaemon(true);
        sender.start();
    }

    private void run(Stream stream, Consumer<Long> firstFrame, Consumer<String> stopped) {
        RgbI420 converter = new RgbI420();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Frame frame = stream.nextOutput(output);
                if (frame == null) {
                    stopped.accept(null);
                    return;
                }
                NativeI420Buffer buffer = converter.toI420(frame);
                // webrtc-java 0.14's CustomVideoSource replaces this timestamp with its own clock's at push (and the
                // RTP timestamp follows its NTP time): the push time is what the client sees (README, sender's timing)
                VideoFrame videoFrame = new VideoFrame(buffer, System.nanoTime());
                try {
                    source.pushFrame(videoFrame);
                } finally {
                    videoFrame.release();
                }
                if (framesSent.incrementAndGet() == 1) {
                    firstFrame.accept(System.nanoTime());
                }
            }
        } catch (InterruptedException e) {
            // stop() was called
        } catch (Exception | Error e) {
            LOG.error("Session {}: outgoing video {} failed", sessionId, output, e);
            stopped.accept("Outgoing video failed: " + e);
        }
    }

    /** Stops and joins the sender thread; the stream must already be closed (so nextOutput returns). */
    void stop() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = sender;
            sender = null;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(10));
            if (t.isAlive()) {
                LOG.warn("Session {}: sender thread did not stop", sessionId);
            }
        }
    }

    /** Disposes the track and its source (after {@link #detach()}); a refusal (java.lang.Error) is logged, not thrown. */
    void dispose() {
        try {
            track.dispose();
        } catch (RuntimeException | Error e) {
            LOG.warn("Session {}: video track dispose: {}", sessionId, e.toString());
        }
        try {
            source.dispose();
        } catch (RuntimeException | Error e) {
            LOG.warn("Session {}: video source dispose: {}", sessionId, e.toString());
        }
    }
}
