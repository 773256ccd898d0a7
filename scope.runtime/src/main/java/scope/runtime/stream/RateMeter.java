package scope.runtime.stream;

import java.util.ArrayDeque;

/** Events per second over a sliding window of wall time (the delivered frame rate). Thread-safe. */
final class RateMeter {
    private final long windowNanos;
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    RateMeter(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    synchronized void mark(long now) {
        times.addLast(now);
        trim(now);
    }

    /** Rate over the window ending now; 0 with fewer than two events in it. */
    synchronized double rate(long now) {
        trim(now);
        if (times.size() < 2) {
            return 0.0;
        }
        long span = times.peekLast() - times.peekFirst();
        return span <= 0 ? 0.0 : (times.size() - 1) * 1e9 / span;
    }

    private void trim(long now) {
        while (!times.isEmpty() && now - times.peekFirst() > windowNanos) {
            times.removeFirst();
        }
    }
}
