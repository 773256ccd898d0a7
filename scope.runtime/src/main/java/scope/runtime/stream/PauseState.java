package scope.runtime.stream;

/**
 * Whether a stream is paused, plus a counter of changes and when the last pause and unpause happened. Workers compare
 * the counter to notice every change, even a pause and unpause that both happened during one long pipeline call (each
 * change restarts the FPS batch clock), and use the times to find how much of a call ran while paused.
 * Thread-safe.
 */
final class PauseState {
    private static final long NEVER = Long.MIN_VALUE;

    private boolean paused;
    private long epoch;
    private long pausedAt = NEVER;
    private long resumedAt = NEVER;

    /** Sets the state; {@code now} (System.nanoTime scale) is when it changed. */
    synchronized void set(boolean value, long now) {
        if (paused != value) {
            paused = value;
            epoch++;
            if (value) {
                pausedAt = now;
            } else {
                resumedAt = now;
            }
        }
    }

    synchronized boolean isPaused() {
        return paused;
    }

    synchronized long epoch() {
        return epoch;
    }

    /** When the stream was last paused; {@link Long#MIN_VALUE} if never. */
    synchronized long pausedAt() {
        return pausedAt;
    }

    /** When the stream was last unpaused; {@link Long#MIN_VALUE} if never. */
    synchronized long resumedAt() {
        return resumedAt;
    }

    /**
     * How much of the interval {@code [start, end]} the stream spent paused, counting the last pause only (one call
     * rarely spans two).
     */
    synchronized long pausedWithin(long start, long end) {
        if (pausedAt == NEVER || pausedAt >= end) {
            return 0;
        }
        long until = paused || resumedAt < pausedAt ? end : Math.min(end, resumedAt);
        return Math.max(0, until - Math.max(start, pausedAt));
    }
}
