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
 * </ul>
 * Not thread-safe: one consumer.
 */
final class FrameRatePacer {
    private static final long UNSET = Long.MIN_VALUE;

    private long lastDue = UNSET;
    private long period;

    /**
     * When to send a frame that the consumer holds at {@code now}.
     *
     * @param fps the producer's current frame rate
     * @return the wall time (System.nanoTime scale) to send it at; {@code <= now} means at once
     */
    long due(long now, double fps) {
        period = periodNanos(fps);
        long due = lastDue == UNSET ? now : lastDue + period;
        if (due < now) {
            due = now; // late: restart the schedule instead of sending a burst
        }
        lastDue = due;
        return due;
    }

    /** The period used for the last frame (the cadence of a frozen frame while paused). */
    long periodNanos() {
        return period;
    }

    void reset() {
        lastDue = UNSET;
    }

    static long periodNanos(double fps) {
        return (long) (1e9 / Math.max(BatchFpsEstimator.MIN_FPS, fps));
    }
}
