package scope.webrtc.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition with a generous deadline; tests assert outcomes, never timings. */
public final class Await {
    private Await() {
    }

    public static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The names of live threads that this bundle started. */
    public static java.util.List<String> moduleThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(Threads.PREFIX)).sorted().toList();
    }
}
