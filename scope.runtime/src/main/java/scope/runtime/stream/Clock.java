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
    };

    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;
}
