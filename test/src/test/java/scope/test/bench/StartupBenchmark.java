package scope.test.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start-up time of the real server: starts {@code run/target/scope.jar} N times through {@code run/bin/scope} (its
 * JVM flags and class data archive; {@code -Dbench.direct=true}: plain {@code java -jar}, {@code MALLOC_ARENA_MAX=2}
 * either way, no GPU), each time on a fresh home and on a home reused from the
 * previous starts, and measures the time from starting the process to the first {@code GET /health} answered 200
 * (polled every 10 ms). After each start it waits until the server is idle and reads its resident memory (VmRSS)
 * and thread count from {@code /proc}, then stops it with SIGTERM.
 *
 * <p>Prints a table per configuration: median, p95, min and max of the time to healthy, the median CPU time the
 * server used until then (all its threads), and the median RSS and threads when idle. Arguments: N (default 10).
 * {@code -Dbench.jars=A.jar,B.jar} compares several builds, started alternately so that a shared machine's load
 * falls on all of them alike; {@code -Dbench.jvmArgs=...} adds JVM flags to every start (through the script's
 * {@code JAVA_OPTS}); {@code -Dbench.idleSeconds=S} (default 3) is the wait before memory and threads are read.
 */
public final class StartupBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private StartupBenchmark() {
    }

    record Start(double healthyMs, double cpuMs, double rssMb, int threads) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<Path> jars = new ArrayList<>();
        String list = System.getProperty("bench.jars", "").trim();
        for (String j : (list.isEmpty() ? System.getProperty("scope.jar", "../run/target/scope.jar") : list).split(",")) {
            Path jar = Paths.get(j.trim()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no server jar at " + jar + " - build the run module first");
            }
            jars.add(jar);
        }
        String jvmArgs = System.getProperty("bench.jvmArgs", "").trim();
        long idleMs = (long) (Double.parseDouble(System.getProperty("bench.idleSeconds", "3")) * 1000);
        Map<String, List<Start>> results = new LinkedHashMap<>();
        Map<Path, Path> reusedHomes = new LinkedHashMap<>();
        Path work = Files.createTempDirectory("scope-startup-bench-");
        try {
            for (Path jar : jars) {
                reusedHomes.put(jar, Files.createDirectory(work.resolve("home-" + reusedHomes.size())));
                // the reused home has seen one start before the measured ones
                start(jar, reusedHomes.get(jar), jvmArgs, work, idleMs);
            }
            for (int round = 0; round < n; round++) {
                for (Path jar : jars) {
                    Path fresh = Files.createDirectory(work.resolve("fresh-" + round + "-" + jars.indexOf(jar)));
                    results.computeIfAbsent(label(jars, jar, "fresh home"), k -> new ArrayList<>())
                            .add(start(jar, fresh, jvmArgs, work, idleMs));
                    deleteTree(fresh);
                    results.computeIfAbsent(label(jars, jar, "reused home"), k -> new ArrayList<>())
                            .add(start(jar, reusedHomes.get(jar), jvmArgs, work, idleMs));
                }
                System.err.printf("round %d/%d done%n", round + 1, n);
            }
        } finally {
            deleteTree(work);
        }
        System.out.printf("%nStart to first healthy /health (%d starts each, %d cores, load average at the end %.2f)%n",
                n, Runtime.getRuntime().availableProcessors(), loadAverage());
        for (int i = 0; i < jars.size(); i++) {
            System.out.printf("  [%d] %s%n", i, jars.get(i));
        }
        System.out.printf("| %-22s | %9s | %9s | %9s | %9s | %11s | %12s | %12s |%n", "configuration", "median ms",
                "p95 ms", "min ms", "max ms", "CPU ms (50)", "idle RSS MB", "idle threads");
        System.out.printf("|%s|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(24), "-".repeat(11), "-".repeat(11),
                "-".repeat(11), "-".repeat(11), "-".repeat(13), "-".repeat(14), "-".repeat(14));
        results.forEach((label, starts) -> {
            List<Double> ms = starts.stream().map(Start::healthyMs).toList();
            System.out.printf("| %-22s | %9.0f | %9.0f | %9.0f | %9.0f | %11.0f | %12.1f | %12.0f |%n", label,
                    percentile(ms, 50), percentile(ms, 95), percentile(ms, 0), percentile(ms, 100),
                    percentile(starts.stream().map(Start::cpuMs).toList(), 50),
                    percentile(starts.stream().map(Start::rssMb).toList(), 50),
                    percentile(starts.stream().map(s -> (double) s.threads()).toList(), 50));
        });
    }

    private static String label(List<Path> jars, Path jar, String home) {
        return jars.size() == 1 ? home : "[" + jars.indexOf(jar) + "] " + home;
    }

    private static Start start(Path jar, Path home, String jvmArgs, Path work, long idleMs) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        Path script = Paths.get(System.getProperty("scope.script", "../run/bin/scope"));
        boolean direct = Boolean.parseBoolean(System.getProperty("bench.direct", "false"));
        if (direct) {
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            if (!jvmArgs.isEmpty()) {
                command.addAll(List.of(jvmArgs.split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
        } else {
            command.addAll(List.of("sh", script.toString()));
        }
        command.addAll(List.of("--home", home.toString(), "--port", Integer.toString(port)));
        Path log = work.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (!direct) {
            // as a user starts it: the script (its JVM flags, the class data archive beside the jar) on this JDK
            pb.environment().put("SCOPE_JAR", jar.toString());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("JAVA_OPTS", jvmArgs);
        }
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        pb.environment().put("SCOPE_VRAM_GB", "0");
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("server exited with " + p.exitValue() + ":\n" + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no healthy /health within 90 s:\n" + Files.readString(log));
                }
                try {
                    if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(10);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            double cpuMs = cpuMs(p.pid());
            Thread.sleep(idleMs);
            Map<String, String> status = procStatus(p.pid());
            return new Start(ms, cpuMs, Long.parseLong(status.get("VmRSS").replace("kB", "").trim()) / 1024.0,
                    Integer.parseInt(status.get("Threads").trim()));
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private static Map<String, String> procStatus(long pid) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** CPU time (user + system, all threads) the process has used: less at the mercy of a loaded machine. */
    private static double cpuMs(long pid) throws IOException {
        String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0; // USER_HZ is 100 on Linux
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Paths.get("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
