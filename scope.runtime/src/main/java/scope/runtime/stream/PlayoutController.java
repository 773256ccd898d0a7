package scope.runtime.stream;

/**
 * Decides when each generated frame (no media timestamp) leaves the playout buffer, i.e. the sink queue
 * (spec 5.6). Batches land irregularly; frames go out evenly.
 *
 * <p>Contract:
 * <ul>
 * <li>Deadlines are absolute: each frame is due one interval after the previous frame's due time, never "sleep after
 * work", so time spent between frames and scheduler oversleep do not add up.</li>
 * <li>A pause freezes the schedule and an unpause thaws it where it was ({@link #pause}, {@link #resume}).</li>
 * <li>The schedule is (re-)anchored only at a start, after {@link #restart} and on underrun: a frame
 * that was not there at its due time goes out as soon as it is, and the schedule continues from there (never a
 * burst to catch up). The first frame after a start waits until one margin after its arrival (pre-roll), so the
 * buffer starts with the slack it is steered to keep.</li>
 * <li>The playout rate follows a low-pass copy of the producer's batch FPS estimate (time constant
 * {@value #BASE_SMOOTHING_SECONDS} s), nudged by a proportional term on the buffer's slack: how long the first
 * frame of each new batch waited before its due time, i.e. the depth left when a batch lands, in seconds. Slack
 * above the margin speeds up, below slows down (full correction after {@value #CORRECTION_SECONDS} s, at most
 * {@value #MAX_CORRECTION} relative). The rate moves at most {@value #MAX_STEP} relative per frame, so steering
 * never shows up as jitter. Like the batch estimate, the rate stays within [1, 60] fps.</li>
 * <li>The margin is measured, not configured: {@value #MARGIN_SIGMAS} standard deviations of how far the slack can
 * wander under this loop given the spread of batch arrivals, at least one frame, at most {@value #MAX_MARGIN_SECONDS}
 * s (bounded added latency).</li>
 * </ul>
 * Pure logic on caller-supplied times (System.nanoTime scale); not thread-safe.
 */
final class PlayoutController {
    static final double BASE_SMOOTHING_SECONDS = 5.0;
    static final double SLACK_SMOOTHING_SECONDS = 1.0;
    static final double CORRECTION_SECONDS = 8.0;
    static final double MAX_CORRECTION = 0.02;
    static final double MAX_STEP = 0.01;
    static final double MARGIN_SIGMAS = 2.0;
    static final double MAX_MARGIN_SECONDS = 0.5;
    private static final long UNSET = Long.MIN_VALUE;

    private final BatchArrivals arrivals = new BatchArrivals();
    private long lastDue = UNSET;
    private long frozenRemaining = UNSET;
    private long restartedAt = UNSET;
    private double base = Double.NaN;
    private double rate = Double.NaN;
    private double usedRate = Double.NaN;
    private double slack = Double.NaN;
    private long lastSlackAt = UNSET;
    private long underruns;

    /**
     * When to send the frame the caller holds.
     *
     * @param now         the current time
     * @param arrived     when this frame entered the buffer
     * @param producerFps the producer's current batch FPS estimate
     * @return the due time; {@code <= now} means at once
     */
    long schedule(long now, long arrived, double producerFps) {
        // frames queued before a restart (pause, unpause) would make the gap look like a batch interval
        boolean batchStart = arrived >= restartedAt && arrivals.frame(arrived);
        followProducer(producerFps);
        if (Double.isNaN(rate)) {
            rate = base;
        }
        usedRate = rate;
        long due;
        if (lastDue == UNSET) {
            due = Math.max(now, arrived + nanos(marginSeconds())); // pre-roll: start with the margin in hand
        } else {
            long planned = lastDue + nanos(1 / rate);
            if (batchStart) {
                observeSlack((planned - arrived) / 1e9, arrived);
            }
            due = planned;
            if (planned < now) {
                underruns++;
                due = now; // late: re-anchor instead of bursting
            }
        }
        lastDue = due;
        steer();
        return due;
    }

    /** Restarts the schedule. Frames that arrived before {@code now} say nothing about slack. */
    void restart(long now) {
        lastDue = UNSET;
        frozenRemaining = UNSET;
        restartedAt = now;
        arrivals.restart();
    }

    /** Freezes the schedule (pause): remembers how much of the running frame interval was left. */
    void pause(long now) {
        long remaining = lastDue == UNSET ? UNSET : Math.max(0, lastDue + nanos(1 / rate) - now);
        restart(now);
        frozenRemaining = remaining;
    }

    /**
     * Thaws a frozen schedule (unpause): the next frame is due as long after {@code now} as it was due after the
     * pause, so the frames buffered at the pause play out as they would have (the producer is frozen likewise, see
     * StageWorker), instead of starting early and running dry before the next batch.
     */
    void resume(long now) {
        long remaining = frozenRemaining;
        restart(now);
        if (remaining != UNSET) {
            lastDue = now + remaining - nanos(1 / rate);
        }
    }

    /** The rate the last scheduled frame was paced at (what a client sees); NaN before the first frame. */
    double outputFps() {
        return usedRate;
    }

    /** The cadence of the last frame, for freeze-frame repeats while paused. */
    long periodNanos() {
        return nanos(1 / usedRate);
    }

    long underruns() {
        return underruns;
    }

    /** Slack the loop steers to, in seconds. */
    double marginSeconds() {
        double frame = 1 / (Double.isNaN(rate) ? base : rate);
        double period = arrivals.periodSeconds();
        double wander = Double.isNaN(period) ? 0
                : arrivals.spreadSeconds() * Math.sqrt(CORRECTION_SECONDS / (2 * period));
        return Math.min(MAX_MARGIN_SECONDS, Math.max(frame, MARGIN_SIGMAS * wander));
    }

    private void followProducer(double fps) {
        // the long-window arrival rate once two batches were seen; until then the producer's own estimate
        double measured = arrivals.fps();
        // the same bounds as the batch estimate (spec 5.5): a producer faster than 60 fps is played at 60, and the
        // full sink drops the rest, rather than sending more frames than a display shows
        base = Double.isNaN(measured) ? fps
                : Math.max(BatchFpsEstimator.MIN_FPS, Math.min(BatchFpsEstimator.MAX_FPS, measured));
    }

    private void observeSlack(double seconds, long at) {
        if (Double.isNaN(slack)) {
            slack = seconds;
        } else {
            double w = Math.min(1.0, (at - lastSlackAt) / 1e9 / SLACK_SMOOTHING_SECONDS);
            slack += w * (seconds - slack);
        }
        lastSlackAt = at;
    }

    private void steer() {
        double correction = 0;
        if (!Double.isNaN(slack)) {
            correction = (slack - marginSeconds()) / CORRECTION_SECONDS;
            correction = Math.max(-MAX_CORRECTION, Math.min(MAX_CORRECTION, correction));
        }
        double target = Math.min(BatchFpsEstimator.MAX_FPS, base * (1 + correction));
        double step = MAX_STEP * rate;
        rate += Math.max(-step, Math.min(step, target - rate));
    }

    private static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }
}
