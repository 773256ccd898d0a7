package scope.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import scope.api.Frame;
import scope.runtime.stream.Stream;
import scope.runtime.stream.StreamListener;

/** Helpers of the hot-swap tests: plugin jars, the drop folder, and a test-driven frame stream. */
final class HotSwap {
    private HotSwap() {
    }

    /** The built jar of a test plugin ({@code test.plugins/<name>}). */
    static Path testPlugin(String name) {
        return single(Paths.get(System.getProperty("scope.test.plugins"), name, "target"), "test.plugins.");
    }

    /** The built jar of an example plugin ({@code examples/<name>}). */
    static Path example(String name) {
        return single(Paths.get(System.getProperty("scope.examples"), name, "target"), name);
    }

    private static Path single(Path dir, String prefix) {
        try (var s = Files.list(dir)) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".jar")).toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one built jar in " + dir + ", found " + jars);
            }
            return jars.get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path pluginsFolder(BundleContext context) {
        return Paths.get(context.getProperty("scope.home"), "plugins");
    }

    /** Puts a file into the drop folder the way a user should: complete, under a hidden name, then renamed. */
    static Path drop(BundleContext context, Path jar, String fileName) throws IOException {
        Path folder = pluginsFolder(context);
        Path tmp = folder.resolve("." + fileName + ".part");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, folder.resolve(fileName), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** A copy of {@code jar} whose manifest has another Bundle-Version (an "update" with the same code). */
    static byte[] withVersion(Path jar, String version) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(bytes, m)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        }
    }

    /** A jar with just a manifest of these main attributes. */
    static byte[] jar(Map<String, String> attributes) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((k, v) -> m.getMainAttributes().put(new Attributes.Name(k), v));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, m)) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write("test".getBytes());
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                return b;
            }
        }
        return null;
    }

    static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    /**
     * Pushes a small frame into a stream every {@code intervalMillis} (media timestamps, like a camera) and pulls
     * the output on its own thread, recording when each output frame arrived. {@link #maxGapMillis} measures the
     * largest gap between consecutive outputs in a time window.
     */
    static final class Driver implements StreamListener, AutoCloseable {
        final long intervalMillis;
        final List<Long> arrivals = new CopyOnWriteArrayList<>();
        final AtomicReference<String> stopped = new AtomicReference<>();
        volatile boolean stoppedCalled;
        private volatile Stream stream;
        private volatile boolean running = true;
        private final List<Thread> threads = new ArrayList<>();

        Driver(long intervalMillis) {
            this.intervalMillis = intervalMillis;
        }

        void start(Stream s) {
            this.stream = s;
            Thread producer = new Thread(() -> {
                long next = System.nanoTime();
                int n = 0;
                while (running && !stoppedCalled) {
                    byte[] rgb = new byte[32 * 32 * 3];
                    java.util.Arrays.fill(rgb, (byte) (n++ & 0xff));
                    stream.pushInput(new Frame(32, 32, rgb, System.nanoTime()));
                    next += intervalMillis * 1_000_000L;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "test-frame-producer");
            Thread consumer = new Thread(() -> {
                try {
                    while (running) {
                        Frame f = stream.nextOutput();
                        if (f == null) {
                            return;
                        }
                        arrivals.add(System.nanoTime());
                    }
                } catch (InterruptedException e) {
                    // closing
                }
            }, "test-frame-consumer");
            threads.add(producer);
            threads.add(consumer);
            producer.start();
            consumer.start();
        }

        Stream stream() {
            return stream;
        }

        long now() {
            return System.nanoTime();
        }

        int framesSince(long since) {
            return (int) arrivals.stream().filter(t -> t >= since).count();
        }

        /** The largest gap between consecutive output frames that arrived in [from, to], in ms. */
        double maxGapMillis(long from, long to) {
            long prev = -1;
            long max = 0;
            for (long t : arrivals) {
                if (t < from || t > to) {
                    continue;
                }
                if (prev >= 0) {
                    max = Math.max(max, t - prev);
                }
                prev = t;
            }
            if (prev < 0) {
                return Double.POSITIVE_INFINITY;
            }
            return max / 1e6;
        }

        @Override
        public void parametersUpdated(Map<String, Object> parameters) {
            // not used
        }

        @Override
        public void streamStopped(String errorMessage) {
            stopped.set(errorMessage);
            stoppedCalled = true;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            if (stream != null) {
                stream.close();
            }
            for (Thread t : threads) {
                t.interrupt();
                t.join(2_000);
            }
        }
    }
}
