package scope.runtime.stream;

/**
 * Whether a stream is paused, plus a counter of changes. Workers compare the counter to notice every change, even a
 * pause and unpause that both happened during one long pipeline call (each change restarts the FPS batch clock).
 * Thread-safe.
 */
final class PauseState {
    private boolean paused;
    private long epoch;

    synchronized void set(boolean value) {
        if (paused != value) {
            paused = value;
            epoch++;
        }
    }

    synchronized boolean isPaused() {
        return paused;
    }

    synchronized long epoch() {
        return epoch;
    }
}
