package scope.runtime.stream;

import java.util.concurrent.locks.LockSupport;

/** Monotonic time and sleeping, replaceable in tests so that pacing logic is checked without real waits. */
interface Clock {
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            // sleep to a deadline: parkNanos may return early (spurious wake-ups), so loop until it is reached
            long deadline = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }

        @Override
        public boolean awaitUntil(long deadline, StopSignal stop) throws InterruptedException {
            // park until shortly before the deadline, then spin: a parked thread wakes late by a varying amount
            // (often about a millisecond, sometimes more, on a busy 2-core machine), which shows up as jitter between
            // frames; 2 ms of spinning per frame (about 6 % of a core at 30 fps) took the frame-delivery benchmark's
            // deterministic scenarios from 0.3-1.0 % jitter to 0.15-0.33 %
            if (stop.await(deadline - System.nanoTime() - SPIN_NANOS)) {
                return true;
            }
            while (System.nanoTime() < deadline) {
                if (stop.isRaised()) {
                    return true;
                }
                Thread.onSpinWait();
            }
            return stop.isRaised();
        }
    };

    /** How long {@link #SYSTEM} busy-waits before a deadline. */
    long SPIN_NANOS = 2_000_000L;

    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    /** Waits until {@code deadline}; returns true (at once) when {@code stop} is or gets raised. */
    default boolean awaitUntil(long deadline, StopSignal stop) throws InterruptedException {
        return stop.await(deadline - nanoTime());
    }
}
