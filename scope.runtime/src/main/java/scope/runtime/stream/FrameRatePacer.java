package scope.runtime.stream;

/**
 * Schedules frames without media timestamps (generated content) at the producer's frame rate (spec 5.6).
 *
 * <p>Contract:
 * <ul>
 * <li>The first frame (and the first after {@link #reset}) goes out at once.</li>
 * <li>Each later frame is due one period after the previous frame's due time, not after the moment the previous
 * frame actually left: time spent by the caller between frames and scheduler oversleep do not add up, so the
 * intervals stay at the period.</li>
 * <li>A frame that became available only after its due time goes out at once and restarts the schedule from
 * there: the pacer never bursts frames to "catch up".</li>
 * <li>The period is not the raw batch FPS estimate, which moves with every noisy batch and would pass that noise on
 * as jitter. The pacer plays at a smoothed copy of it (a running mean at first, then an EMA with a time constant of
 * {@value #SMOOTHING_SECONDS} s), trimmed by at most {@value #MAX_TRIM_PERCENT} % to keep a small backlog in the
 * sink: half a batch plus {@value #MARGIN_SECONDS} s of frames. The backlog absorbs late batches (no stall); the
 * trim keeps the long-run rate equal to the producer's, so the backlog neither runs dry nor grows.</li>
 * </ul>
 * Not thread-safe: one consumer.
 */
final class FrameRatePacer {
    static final double SMOOTHING_SECONDS = 2.0;
    static final double BACKLOG_SMOOTHING_SECONDS = 1.0;
    static final double MARGIN_SECONDS = 0.15;
    static final double MAX_TRIM_PERCENT = 1.0;
    private static final double GAIN = 0.01;
    private static final long UNSET = Long.MIN_VALUE;

    private long lastDue = UNSET;
    private long period;
    private double rate = Double.NaN;
    private double backlog = Double.NaN;
    private long samples;

    /**
     * When to send a frame that the consumer holds at {@code now}.
     *
     * @param fps     the producer's current frame-rate estimate
     * @param queued  frames still queued behind this one
     * @param batch   frames per batch of the producer
     * @return the wall time (System.nanoTime scale) to send it at; {@code <= now} means at once
     */
    long due(long now, double fps, int queued, int batch) {
        if (lastDue == UNSET) {
            period = periodNanos(fps);
            lastDue = now;
            return now;
        }
        period = periodNanos(rate(fps, queued, batch));
        long due = lastDue + period;
        if (due < now) {
            due = now; // late: restart the schedule instead of sending a burst
        }
        lastDue = due;
        return due;
    }

    /** Without backlog information: plays at the smoothed estimate. */
    long due(long now, double fps) {
        return due(now, fps, -1, 1);
    }

    /** The period used for the last frame (the cadence of a frozen frame while paused). */
    long periodNanos() {
        return period;
    }

    /** Restarts the schedule; the learned rate is kept. */
    void reset() {
        lastDue = UNSET;
    }

    private double rate(double fps, int queued, int batch) {
        samples++;
        if (Double.isNaN(rate)) {
            rate = fps;
        } else {
            rate += (fps - rate) * Math.min(1.0, Math.max(1.0 / samples, 1.0 / (rate * SMOOTHING_SECONDS)));
        }
        if (queued < 0) {
            return rate;
        }
        backlog = Double.isNaN(backlog) ? queued
                : backlog + (queued - backlog) * Math.min(1.0, 1.0 / (rate * BACKLOG_SMOOTHING_SECONDS));
        double target = (batch - 1) / 2.0 + Math.max(1.0, rate * MARGIN_SECONDS);
        double trim = GAIN * (backlog - target);
        double max = MAX_TRIM_PERCENT / 100;
        return rate * (1 + Math.max(-max, Math.min(max, trim)));
    }

    static long periodNanos(double fps) {
        return (long) (1e9 / Math.max(BatchFpsEstimator.MIN_FPS, fps));
    }
}
