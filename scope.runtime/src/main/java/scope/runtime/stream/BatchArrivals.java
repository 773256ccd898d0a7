package scope.runtime.stream;

import java.util.ArrayDeque;

/**
 * How batches land in the playout buffer, learned from the arrival stamps of the frames that leave it.
 *
 * <p>Frames of one batch share one arrival stamp (the producer enqueues a batch at once), so a frame whose stamp
 * differs from the previous frame's starts a new batch. Each new batch closes one sample: the frames of the previous
 * batch and the time between the two batch starts. From these:
 * <ul>
 * <li>{@link #fps()}: sum of frames / sum of times over the samples of the last {@value #WINDOW_SECONDS} s - the
 * batch-level method of spec 5.5 with a window long enough to average out irregular batches;</li>
 * <li>{@link #periodSeconds()} and {@link #spreadSeconds()}: mean and standard deviation of the time between batches,
 * exponentially weighted over about {@value #MEMORY_BATCHES} batches.</li>
 * </ul>
 * {@link #restart} forgets the last stamp, so a pause gap is never taken for a batch interval. Not thread-safe.
 */
final class BatchArrivals {
    static final double WINDOW_SECONDS = 10.0;
    static final int MEMORY_BATCHES = 20;
    private static final long UNSET = Long.MIN_VALUE;

    private final ArrayDeque<double[]> window = new ArrayDeque<>();
    private double windowFrames;
    private double windowSeconds;
    private long lastStamp = UNSET;
    private int framesOfBatch;
    private long intervals;
    private double mean = Double.NaN;
    private double variance;

    /**
     * Notes the arrival stamp of the frame now leaving the buffer.
     *
     * @return true when this frame is the first of a batch
     */
    boolean frame(long arrivedNanos) {
        if (arrivedNanos == lastStamp) {
            framesOfBatch++;
            return false;
        }
        if (lastStamp != UNSET && arrivedNanos > lastStamp) {
            sample(framesOfBatch, (arrivedNanos - lastStamp) / 1e9);
        }
        lastStamp = arrivedNanos;
        framesOfBatch = 1;
        return true;
    }

    private void sample(int frames, double seconds) {
        window.addLast(new double[] {frames, seconds});
        windowFrames += frames;
        windowSeconds += seconds;
        while (windowSeconds - window.peekFirst()[1] >= WINDOW_SECONDS) {
            double[] old = window.removeFirst();
            windowFrames -= old[0];
            windowSeconds -= old[1];
        }
        intervals++;
        double w = Math.max(1.0 / intervals, 1.0 / MEMORY_BATCHES);
        if (Double.isNaN(mean)) {
            mean = seconds;
        } else {
            double d = seconds - mean;
            mean += w * d;
            variance = (1 - w) * (variance + w * d * d);
        }
    }

    /** Forgets the last stamp (pause, unpause); what was learned stays. */
    void restart() {
        lastStamp = UNSET;
    }

    /** Frames per second over the window, NaN before two batches were seen. */
    double fps() {
        return window.isEmpty() ? Double.NaN : windowFrames / windowSeconds;
    }

    /** Mean seconds between batches, NaN before two batches were seen. */
    double periodSeconds() {
        return mean;
    }

    /** Standard deviation of the seconds between batches (0 until there is a spread). */
    double spreadSeconds() {
        return Math.sqrt(variance);
    }
}
