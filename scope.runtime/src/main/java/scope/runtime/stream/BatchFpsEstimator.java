package scope.runtime.stream;

import java.util.ArrayDeque;

/**
 * The output rate of one stage, measured per batch (spec 5.5, Scope PR #617).
 *
 * <p>Contract:
 * <ul>
 * <li>One sample per pipeline call: the number of frames that actually entered the output queue, and the time since
 * the previous batch finished (for the first batch after a start or a {@link #resetClock}, the call's own
 * duration).</li>
 * <li>{@link #fps()} = sum of frames / sum of intervals over the last {@value #WINDOW} samples, clamped to
 * [{@value #MIN_FPS}, {@value #MAX_FPS}]; {@value #INITIAL_FPS} before the first sample, so the sink drains fast
 * instead of letting a queue build up.</li>
 * <li>A native frame rate ({@link #latchNative}) overrides the estimate.</li>
 * <li>{@link #resetClock} forgets the last batch time (pause / unpause), so a gap is never counted as an
 * interval.</li>
 * </ul>
 * One writer (the stage's worker thread), any number of readers.
 */
final class BatchFpsEstimator {
    static final int WINDOW = 10;
    static final double MIN_FPS = 1.0;
    static final double MAX_FPS = 60.0;
    static final double INITIAL_FPS = 60.0;

    private final ArrayDeque<long[]> samples = new ArrayDeque<>(WINDOW);
    private long framesInWindow;
    private long nanosInWindow;
    private long lastBatchEnd = Long.MIN_VALUE;
    private volatile double fps = INITIAL_FPS;
    private volatile double nativeFps = Double.NaN;
    private volatile int lastBatch = 1;

    /**
     * Records one batch.
     *
     * @param frames    frames that entered the output queue (0 records nothing)
     * @param callStart when the pipeline call started (System.nanoTime)
     * @param callEnd   when the batch was enqueued
     */
    synchronized void record(int frames, long callStart, long callEnd) {
        if (frames <= 0) {
            return;
        }
        long interval = lastBatchEnd == Long.MIN_VALUE ? callEnd - callStart : callEnd - lastBatchEnd;
        lastBatchEnd = callEnd;
        lastBatch = frames;
        interval = Math.max(interval, 1);
        if (samples.size() == WINDOW) {
            long[] old = samples.removeFirst();
            framesInWindow -= old[0];
            nanosInWindow -= old[1];
        }
        samples.addLast(new long[] {frames, interval});
        framesInWindow += frames;
        nanosInWindow += interval;
        double estimate = framesInWindow * 1e9 / nanosInWindow;
        fps = Math.max(MIN_FPS, Math.min(MAX_FPS, estimate));
    }

    /** Forgets the end time of the last batch; the window of samples stays. */
    synchronized void resetClock() {
        lastBatchEnd = Long.MIN_VALUE;
    }

    /** A frame rate the pipeline reported itself; wins over the estimate while set. */
    void latchNative(double framesPerSecond) {
        if (framesPerSecond > 0 && Double.isFinite(framesPerSecond)) {
            nativeFps = framesPerSecond;
        }
    }

    /** Frames of the last recorded batch (1 before the first). */
    int lastBatchFrames() {
        return lastBatch;
    }

    double fps() {
        double n = nativeFps;
        return Double.isNaN(n) ? fps : n;
    }
}
