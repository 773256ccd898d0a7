package scope.pipeline.wan;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for host work that can run while the engine does (the next block's noise, its frame arrays),
 * in submission order. It ends when idle, so an unloaded pipeline leaves no thread behind.
 */
final class BackgroundThread {
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "wan-host-ahead");
                t.setDaemon(true);
                return t;
            });

    Future<?> submit(Runnable work) {
        return executor.submit(work);
    }

    <T> Future<T> submit(Callable<T> work) {
        return executor.submit(work);
    }
}
