package scope.runtime.stream;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The end of a stream: raised once, with an optional error message; every wait of the stream's threads ends early
 * when it is raised. Thread-safe.
 */
final class StopSignal {
    private static final String NORMAL = "";

    private final CountDownLatch latch = new CountDownLatch(1);
    private final AtomicReference<String> reason = new AtomicReference<>();

    /** @return true for the call that actually stopped the stream (exactly one caller gets true) */
    boolean raise(String errorMessage) {
        if (!reason.compareAndSet(null, errorMessage == null ? NORMAL : errorMessage)) {
            return false;
        }
        latch.countDown();
        return true;
    }

    boolean isRaised() {
        return latch.getCount() == 0;
    }

    /** Sleeps up to {@code nanos}; returns true at once when the signal is (or gets) raised. */
    boolean await(long nanos) throws InterruptedException {
        return nanos <= 0 ? isRaised() : latch.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** The error message, or null for a normal stop or while running. */
    String errorMessage() {
        String r = reason.get();
        return r == null || r.equals(NORMAL) ? null : r;
    }
}
