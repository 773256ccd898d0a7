package scope.runtime.stream;

import scope.api.Frame;

/**
 * The consumer side of the sink queue: hands out one frame per call, at the pace the frames should be shown
 * (spec 5.6).
 *
 * <p>Contract:
 * <ul>
 * <li>Frames without a timestamp are scheduled by the {@link PlayoutController}, with the sink queue as its playout
 * buffer; frames with a timestamp by {@link MediaClockPacer}. Either way the call returns at the frame's due time
 * (an absolute deadline).</li>
 * <li>A timestamped frame that came alone - its batch was one frame (passed-through input with {@code input_size} 1,
 * a one-frame stage) - is handed out at once and re-anchors the media clock: it arrived at the live rate already,
 * and holding it to the media clock of an earlier frame (whose delay may have been a warm-up's) only adds latency.
 * Frames of a larger batch are spread by the media clock as before.</li>
 * <li>While paused, the last frame is handed out again at the cadence of the last frames (freeze-frame), and queued
 * frames stay queued. A pause freezes the playout schedule and an unpause thaws it (the pause is not "caught
 * up"); the media-clock pacer restarts.</li>
 * <li>An empty sink is polled every 10 ms; polls that find nothing after the first frame are counted (a starved
 * consumer is visible in the stats).</li>
 * <li>Returns null as soon as the stream stops, also in the middle of a wait.</li>
 * </ul>
 * {@link #next} is for one consumer (the output track); the figures may be read from any thread.
 */
final class OutputPacer {
    private static final long POLL_NANOS = 10_000_000L;

    private final FrameQueue sink;
    private final BatchFpsEstimator fps;
    private final PauseState pause;
    private final StopSignal stop;
    private final Clock clock;
    private final PlayoutController playout = new PlayoutController();
    private final MediaClockPacer mediaPacer;
    private long epochSeen;
    /** Whether the playout schedule is frozen by a pause. */
    private boolean frozen;
    private Frame last;
    private long lastSent;
    /** The queue stamp of the last timestamped frame: frames of one batch share it. */
    private long lastArrived = Long.MIN_VALUE;
    private long cadence;
    private long delivered;
    private volatile long emptyPolls;
    private volatile double outputFps = -1;
    private volatile long waitedNanos;
    private volatile long waitedFrames;

    OutputPacer(FrameQueue sink, BatchFpsEstimator fps, PauseState pause, StopSignal stop, Clock clock) {
        this.sink = sink;
        this.fps = fps;
        this.pause = pause;
        this.stop = stop;
        this.clock = clock;
        this.mediaPacer = new MediaClockPacer(clock);
        this.epochSeen = pause.epoch();
    }

    /** The next frame to show, or null once the stream has stopped. */
    Frame next() throws InterruptedException {
        while (!stop.isRaised()) {
            long epoch = pause.epoch();
            if (epoch != epochSeen) {
                epochSeen = epoch;
                // by the times of the changes, not when this loop saw them: a consumer that stopped pulling
                // during the pause sees the pause and the unpause at once
                if (!frozen) {
                    playout.pause(pause.pausedAt());
                    frozen = true;
                }
                if (!pause.isPaused()) {
                    playout.resume(pause.resumedAt());
                    frozen = false;
                }
                mediaPacer.reset();
            }
            if (pause.isPaused()) {
                if (last == null) {
                    stop.await(POLL_NANOS);
                    continue;
                }
                long due = Math.max(lastSent + cadence, clock.nanoTime());
                if (clock.awaitUntil(due, stop)) {
                    return null;
                }
                lastSent = due;
                return last;
            }
            FrameQueue.Stamped queued = sink.pollStamped(POLL_NANOS);
            if (queued == null) {
                if (delivered > 0) {
                    emptyPolls++;
                }
                continue;
            }
            Frame frame = queued.frame();
            long sentAt;
            if (frame.hasTimestamp()) {
                playout.restart(clock.nanoTime());
                MediaClockPacer.Decision d = mediaPacer.decide(frame.timestampNanos(), clock.nanoTime());
                boolean alone = queued.arrivedNanos() != lastArrived && !sink.headArrivedAt(queued.arrivedNanos());
                lastArrived = queued.arrivedNanos();
                if (alone) {
                    // nothing to spread: the frame left its stage alone, at the live rate; holding it only adds
                    // latency (the client's jitter buffer smooths what the chain's timing varies)
                    sentAt = clock.nanoTime();
                    mediaPacer.realign(frame.timestampNanos(), sentAt);
                } else {
                    if (d.sleepNanos() > 0 && clock.awaitUntil(clock.nanoTime() + d.sleepNanos(), stop)) {
                        return null;
                    }
                    sentAt = clock.nanoTime();
                }
                mediaPacer.sent(sentAt);
                double expected = mediaPacer.expectedDeltaNanos();
                cadence = Double.isNaN(expected) ? (long) (1e9 / fps.fps()) : (long) expected;
                outputFps = 1e9 / cadence;
            } else {
                mediaPacer.reset();
                long due = playout.schedule(clock.nanoTime(), queued.arrivedNanos(), fps.fps());
                if (clock.awaitUntil(due, stop)) {
                    return null;
                }
                sentAt = Math.max(due, queued.arrivedNanos());
                cadence = playout.periodNanos();
                outputFps = playout.outputFps();
                waitedNanos += sentAt - queued.arrivedNanos();
                waitedFrames++;
            }
            last = frame;
            lastSent = sentAt;
            delivered++;
            return frame;
        }
        return null;
    }

    long emptyPolls() {
        return emptyPolls;
    }

    /** The rate the output is paced at (what a client sees); -1 before the first frame. */
    double outputFps() {
        return outputFps;
    }

    /** Mean time a generated frame waited in the sink before its due time, in ms; -1 before the first. */
    double meanBufferWaitMs() {
        long n = waitedFrames;
        return n == 0 ? -1 : waitedNanos / 1e6 / n;
    }
}
