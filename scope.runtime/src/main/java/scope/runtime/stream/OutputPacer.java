package scope.runtime.stream;

import scope.api.Frame;

/**
 * The consumer side of the sink queue: hands out one frame per call, at the pace the frames should be shown
 * (spec 5.6).
 *
 * <p>Contract:
 * <ul>
 * <li>Frames without a timestamp are scheduled by {@link FrameRatePacer} at the sink producer's FPS estimate
 * (read on every frame); frames with a timestamp by {@link MediaClockPacer}.</li>
 * <li>While paused, the last frame is handed out again at the cadence of the last frames (freeze-frame), and queued
 * frames stay queued. Each pause or unpause restarts both schedules, so the pause is not "caught up".</li>
 * <li>An empty sink is polled every 10 ms; polls that find nothing after the first frame are counted (a starved
 * consumer is visible in the stats).</li>
 * <li>Returns null as soon as the stream stops, also in the middle of a wait.</li>
 * </ul>
 * Not thread-safe: one consumer (the output track).
 */
final class OutputPacer {
    private static final long POLL_NANOS = 10_000_000L;

    private final FrameQueue sink;
    private final BatchFpsEstimator fps;
    private final PauseState pause;
    private final StopSignal stop;
    private final Clock clock;
    private final FrameRatePacer ratePacer = new FrameRatePacer();
    private final MediaClockPacer mediaPacer;
    private long epochSeen;
    private Frame last;
    private long lastSent;
    private long cadence;
    private long delivered;
    private volatile long emptyPolls;

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
                ratePacer.reset();
                mediaPacer.reset();
            }
            if (pause.isPaused()) {
                if (last == null) {
                    stop.await(POLL_NANOS);
                    continue;
                }
                long due = Math.max(lastSent + cadence, clock.nanoTime());
                if (stop.await(due - clock.nanoTime())) {
                    return null;
                }
                lastSent = due;
                return last;
            }
            Frame frame = sink.poll(POLL_NANOS);
            if (frame == null) {
                if (delivered > 0) {
                    emptyPolls++;
                }
                continue;
            }
            long sentAt;
            if (frame.hasTimestamp()) {
                ratePacer.reset();
                MediaClockPacer.Decision d = mediaPacer.decide(frame.timestampNanos(), clock.nanoTime());
                if (stop.await(d.sleepNanos())) {
                    return null;
                }
                sentAt = clock.nanoTime();
                mediaPacer.sent(sentAt);
                double expected = mediaPacer.expectedDeltaNanos();
                cadence = Double.isNaN(expected) ? FrameRatePacer.periodNanos(fps.fps()) : (long) expected;
            } else {
                mediaPacer.reset();
                long now = clock.nanoTime();
                long due = ratePacer.due(now, fps.fps(), sink.size(), fps.lastBatchFrames());
                if (stop.await(due - clock.nanoTime())) {
                    return null;
                }
                sentAt = due;
                cadence = ratePacer.periodNanos();
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
}
