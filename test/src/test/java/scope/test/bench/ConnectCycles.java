package scope.test.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import scope.test.e2e.E2e;

/**
 * Soak of the real server with a real client in another process: N cycles of connect (fake camera through
 * {@code gray}), stream until the page has decoded F frames, disconnect (odd cycles by closing the peer connection,
 * even ones by {@code DELETE /api/v1/webrtc/offer/{id}} first), and wait until the server has torn the session down.
 * Prints the server process's threads and memory (VmRSS, VmData from /proc/PID/status, and what the JVM itself has
 * committed according to Native Memory Tracking, so native-library memory shows as the difference) every 10 cycles,
 * and the growth per cycle between cycle 10 and the last (the first cycles warm up JIT, pools and caches). With
 * {@code -Dbench.histograms=DIR} each sample also writes the server's class histogram and thread dump there.
 * Must run inside a private network namespace (libwebrtc ignores loopback): see README.md, Benchmarks.
 *
 * <p>Arguments: cycles (default 100), frames per cycle (default 30).
 */
public final class ConnectCycles {
    private ConnectCycles() {
    }

    record Sample(int cycle, long threads, long rssKb, long dataKb, long jvmKb, long heapUsedKb, long heapCommittedKb) {
    }

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0].trim()) : 100;
        int frames = args.length > 1 ? Integer.parseInt(args[1].trim()) : 30;
        System.setProperty("scope.server.jvmArgs", "-XX:NativeMemoryTracking=summary");
        // extra server environment, e.g. -Dbench.serverEnv=MALLOC_ARENA_MAX=2 to compare allocator settings
        java.util.Map<String, String> env = new java.util.HashMap<>();
        for (String kv : System.getProperty("bench.serverEnv", "").split(",")) {
            if (kv.contains("=")) {
                env.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        E2e.run("ConnectCycles", env, e -> {
            e.openUi(null);
            List<Sample> samples = new ArrayList<>();
            samples.add(sample(e, 0));
            long t0 = System.nanoTime();
            for (int i = 1; i <= cycles; i++) {
                String id = e.js("e2e.start({pipelines: ['gray']})").asText();
                e.js("e2e.watch('#e2e-out')");
                long before = e.js("e2e.frames('#e2e-out')").asLong(); // counts across cycles
                e.waitFor("e2e.frames('#e2e-out') >= " + (before + frames), 60, "frames in cycle " + i,
                        "e2e.frames('#e2e-out')");
                if (i % 2 == 0) {
                    e.js("fetch('/api/v1/webrtc/offer/" + id + "', {method: 'DELETE'}).then(r => r.status)");
                }
                e.js("e2e.stop()");
                awaitGone(e, id, i);
                if (i % 10 == 0 || i == 1 || i == cycles) {
                    samples.add(sample(e, i));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // what the heap holds at the end, largest first: a class that grows with the cycles is a leak
            String histogram = jcmd(e.server.pid(), "GC.class_histogram");
            System.out.println(String.join("\n", histogram.lines().limit(25).toList()));
            System.out.println();
            System.out.printf("Connect/stream/disconnect cycles against the server jar (Chromium client, fake camera"
                    + " -> gray, %d frames a cycle, %.0f s)%n", frames, seconds);
            System.out.println("| after cycle | threads | VmRSS MB | VmData MB | JVM committed (NMT) MB | of it heap MB"
                    + " | heap used after GC MB | RSS - JVM MB |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Sample s : samples) {
                System.out.printf("| %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", s.cycle(), s.threads(),
                        s.rssKb() / 1024.0, s.dataKb() / 1024.0, s.jvmKb() / 1024.0, s.heapCommittedKb() / 1024.0,
                        s.heapUsedKb() / 1024.0, (s.rssKb() - s.jvmKb()) / 1024.0);
            }
            Sample from = samples.stream().filter(s -> s.cycle() >= 10).findFirst().orElse(samples.get(0));
            Sample to = samples.get(samples.size() - 1);
            int n = Math.max(1, to.cycle() - from.cycle());
            System.out.printf("growth per cycle from cycle %d to %d: threads %+.2f, VmRSS %+.1f kB, VmData %+.1f kB,"
                    + " JVM committed %+.1f kB, heap used after GC %+.1f kB, RSS - JVM %+.1f kB%n", from.cycle(),
                    to.cycle(), (to.threads() - from.threads()) / (double) n, (to.rssKb() - from.rssKb()) / (double) n,
                    (to.dataKb() - from.dataKb()) / (double) n, (to.jvmKb() - from.jvmKb()) / (double) n,
                    (to.heapUsedKb() - from.heapUsedKb()) / (double) n,
                    ((to.rssKb() - to.jvmKb()) - (from.rssKb() - from.jvmKb())) / (double) n);
        });
    }

    /** A PATCH to a session answers 404 once the server has torn it down. */
    private static void awaitGone(E2e e, String id, int cycle) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            int status = e.js("fetch('/api/v1/webrtc/offer/" + id + "', {method: 'PATCH', headers: {'Content-Type':"
                    + " 'application/json'}, body: JSON.stringify({candidates: []})}).then(r => r.status)").asInt();
            if (status == 404) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("session of cycle " + cycle + " still there after 30 s (PATCH " + status + ")");
            }
            Thread.sleep(100);
        }
    }

    private static Sample sample(E2e e, int cycle) throws Exception {
        long pid = e.server.pid();
        jcmd(pid, "GC.run"); // heap garbage is not growth
        Thread.sleep(300);
        List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        String nmt = jcmd(pid, "VM.native_memory", "summary");
        if (System.getProperty("bench.histograms") != null) {
            Files.writeString(Path.of(System.getProperty("bench.histograms"), "histogram-" + cycle + ".txt"),
                    jcmd(pid, "GC.class_histogram"));
            // thread names per sample: diff two of them to see which pool or owner a growing count belongs to
            Files.writeString(Path.of(System.getProperty("bench.histograms"), "threads-" + cycle + ".txt"),
                    jcmd(pid, "Thread.print"));
        }
        java.util.regex.Matcher heap = java.util.regex.Pattern.compile("used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        java.util.regex.Matcher heapNmt = java.util.regex.Pattern.compile(
                "Java Heap \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(nmt);
        return new Sample(cycle, field(status, "Threads"), field(status, "VmRSS"), field(status, "VmData"),
                jvmCommittedKb(nmt), heap.find() ? Long.parseLong(heap.group(1)) : -1,
                heapNmt.find() ? Long.parseLong(heapNmt.group(1)) : -1);
    }

    private static String jcmd(long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static long jvmCommittedKb(String nmt) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB")
                .matcher(nmt);
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    private static long field(List<String> status, String name) {
        return status.stream().filter(l -> l.startsWith(name + ":")).map(l -> l.replaceAll("[^0-9]", ""))
                .mapToLong(Long::parseLong).findFirst().orElse(-1);
    }
}
