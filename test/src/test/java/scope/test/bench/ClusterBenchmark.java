package scope.test.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import scope.test.e2e.E2e;
import scope.test.e2e.ScopeServer;
import scope.test.e2e.ZooKeeperServer;

/**
 * A cluster's costs, measured with the real parts: Debian's ZooKeeper, three workers (24 GB declared each, two
 * sessions each at most) and a gateway from the server jar, Chromium sending a 512x512@30 canvas through
 * passthrough. Prints:
 * <ol>
 * <li>offer -&gt; first presented frame through the gateway vs straight to the worker (alternating, N each);</li>
 * <li>time from {@code kill -9} of a worker to its removal from the gateway's view, and to its rejoin after a
 *     restart, for the session timeout used;</li>
 * <li>sessions served and their received frame rate with 1, 2 and 3 workers busy (2, 4, 6 sessions placed by
 *     the gateway): on a CPU-only machine this measures the CPU the browser and the workers share, not GPUs.</li>
 * </ol>
 * Arguments: rounds for 1 (default 6), kills for 2 (default 3). Run inside a private network namespace (README,
 * Benchmarks, for the command).
 */
public final class ClusterBenchmark {
    private static final String SECRET = "bench-cluster-secret-0123456789";
    private static final int SESSION_TIMEOUT_MS = 4000;
    private static final Path TARGET = Paths.get(System.getProperty("scope.test.target", "target"));

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 6;
        int kills = args.length > 1 && !args[1].isBlank() ? Integer.parseInt(args[1].trim()) : 3;
        Path logs = TARGET.resolve("e2e").resolve("ClusterBenchmark");
        Map<String, ScopeServer> workers = new LinkedHashMap<>();
        try (ZooKeeperServer zk = ZooKeeperServer.start(logs)) {
            try {
                for (String id : List.of("w1", "w2", "w3")) {
                    workers.put(id, worker(logs, zk.connect(), id));
                }
                Map<String, String> env = env(zk.connect());
                env.put("SCOPE_ROLE", "gateway");
                E2e.run("ClusterBenchmark", env, List.of(), e -> measure(e, workers, zk.connect(), logs, rounds,
                        kills));
            } finally {
                workers.values().forEach(ScopeServer::close);
            }
        }
    }

    private static void measure(E2e e, Map<String, ScopeServer> workers, String connect, Path logs, int rounds,
            int kills) throws Exception {
        ScopeServer gateway = e.server;
        awaitWorkers(gateway, 3, 30_000);
        String load0 = loadAverage();
        e.openUi(null);
        try (InputStream in = ClusterBenchmark.class.getResourceAsStream("/bench/cluster.js")) {
            e.js(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        // 1. offer -> first frame, through the gateway and straight to the worker holding passthrough
        JsonNode load = gateway.post("/api/v1/pipeline/load", "{\"pipeline_ids\":[\"passthrough\"]}").json();
        String holder = load.path("worker").asText();
        awaitLoaded(gateway, holder);
        String direct = E2e.quote("http://127.0.0.1:" + workers.get(holder).port());
        String auth = "{Authorization: " + E2e.quote("Bearer " + SECRET) + "}";
        List<Double> viaGateway = new ArrayList<>();
        List<Double> straight = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            viaGateway.add(firstFrame(e, "''", "{}"));
            straight.add(firstFrame(e, direct, auth));
        }

        // 2. a killed worker: until the gateway no longer lists it, and until it is back after a restart
        List<Double> detect = new ArrayList<>();
        List<Double> rejoin = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            ScopeServer victim = workers.remove("w3");
            long t0 = System.nanoTime();
            victim.killForcibly();
            awaitWorkers(gateway, 2, 30_000);
            detect.add((System.nanoTime() - t0) / 1e6);
            victim.close();
            long t1 = System.nanoTime();
            workers.put("w3", worker(logs, connect, "w3"));
            awaitWorkers(gateway, 3, 60_000);
            rejoin.add((System.nanoTime() - t1) / 1e6);
        }

        // 3. sessions at the frame rate they get, as the gateway spreads them (two per worker)
        Map<Integer, List<Double>> rates = new LinkedHashMap<>();
        Map<Integer, String> used = new LinkedHashMap<>();
        for (int sessions : new int[] {2, 4, 6}) {
            List<String> open = new ArrayList<>();
            TreeSet<String> on = new TreeSet<>();
            for (int i = 0; i < sessions; i++) {
                ScopeServer.Response r = gateway.post("/api/v1/pipeline/load", "{\"pipeline_ids\":[\"passthrough\"]}");
                if (r.status() != 200) {
                    throw new AssertionError("load " + (i + 1) + " of " + sessions + ": " + r.body());
                }
                awaitLoaded(gateway, r.json().path("worker").asText());
                JsonNode s = e.js("cb.open('', {}, ['passthrough'])");
                open.add(s.path("id").asText());
                on.add(s.path("worker").asText());
                Thread.sleep(1000); // the worker publishes its new session within 0.5 s
            }
            Thread.sleep(2000);
            Map<String, Long> n0 = new HashMap<>();
            for (String id : open) {
                n0.put(id, e.js("cb.frames('" + id + "')").asLong());
            }
            long t0 = System.nanoTime();
            Thread.sleep(5000);
            double secs = (System.nanoTime() - t0) / 1e9;
            List<Double> fps = new ArrayList<>();
            for (String id : open) {
                fps.add((e.js("cb.frames('" + id + "')").asLong() - n0.get(id)) / secs);
            }
            rates.put(sessions, fps);
            used.put(sessions, String.join(", ", on));
            for (String id : open) {
                e.js("cb.close('" + id + "')");
            }
            Thread.sleep(1500);
        }
        String load1 = loadAverage();

        System.out.println();
        System.out.printf("Cluster benchmark: 3 workers + gateway + ZooKeeper + Chromium on this machine (%d cores), "
                + "load average %s at start, %s at end; passthrough, 512x512@30 canvas%n",
                Runtime.getRuntime().availableProcessors(), load0, load1);
        System.out.println();
        System.out.println("| offer -> first presented frame, ms | median | p95 | n |");
        System.out.println("|---|---|---|---|");
        row("through the gateway", viaGateway);
        row("straight to the worker", straight);
        System.out.printf("gateway / direct (medians): %.2f%n", median(viaGateway) / median(straight));
        System.out.println();
        System.out.printf("| worker killed (kill -9), ZooKeeper session timeout %d ms | median | p95 | n |%n",
                SESSION_TIMEOUT_MS);
        System.out.println("|---|---|---|---|");
        row("out of the gateway's view, ms", detect);
        row("restarted -> listed again, ms (JVM start included)", rejoin);
        System.out.println();
        System.out.println("| sessions | workers serving | received fps per session: median | min |");
        System.out.println("|---|---|---|---|");
        for (var r : rates.entrySet()) {
            List<Double> v = sorted(r.getValue());
            System.out.printf("| %d | %s | %.1f | %.1f |%n", r.getKey(), used.get(r.getKey()), median(v), v.get(0));
        }
    }

    private static double firstFrame(E2e e, String base, String headers) throws Exception {
        JsonNode s = e.js("cb.open(" + base + ", " + headers + ", ['passthrough'])");
        e.js("cb.close('" + s.path("id").asText() + "')");
        Thread.sleep(700); // the session is gone from the worker's published state before the next offer
        return s.path("firstFrameMs").asDouble();
    }

    private static ScopeServer worker(Path logs, String connect, String id) throws Exception {
        Map<String, String> env = env(connect);
        env.put("SCOPE_ROLE", "worker");
        env.put("SCOPE_WORKER_ID", id);
        env.put("SCOPE_VRAM_GB", "24");
        env.put("SCOPE_CLUSTER_MAX_SESSIONS", "2");
        return ScopeServer.start(logs.resolve(id + "-" + System.nanoTime()), env);
    }

    private static Map<String, String> env(String connect) {
        Map<String, String> env = new HashMap<>();
        env.put("SCOPE_CLUSTER_ZK", connect);
        env.put("SCOPE_CLUSTER_SECRET", SECRET);
        env.put("SCOPE_CLUSTER_SESSION_TIMEOUT_MS", Integer.toString(SESSION_TIMEOUT_MS));
        return env;
    }

    private static void awaitWorkers(ScopeServer gateway, int count, long timeoutMs) throws Exception {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        int seen = -1;
        while (System.nanoTime() < end) {
            seen = gateway.get("/api/v1/cluster/workers").json().path("workers").size();
            if (seen == count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(seen + " workers listed, expected " + count);
    }

    /** Until the worker publishes passthrough loaded (offers are placed by what workers publish). */
    private static void awaitLoaded(ScopeServer gateway, String worker) throws Exception {
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) {
            for (JsonNode w : gateway.get("/api/v1/cluster/workers").json().path("workers")) {
                if (w.path("id").asText().equals(worker)) {
                    for (JsonNode i : w.path("instances")) {
                        if (i.path("pipeline_id").asText().equals("passthrough")
                                && i.path("status").asText().equals("loaded")) {
                            return;
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("passthrough not loaded on " + worker);
    }

    private static void row(String name, List<Double> values) {
        List<Double> v = sorted(values);
        System.out.printf("| %s | %.0f | %.0f | %d |%n", name, median(v), percentile(v, 95), v.size());
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        return v;
    }

    private static double median(List<Double> values) {
        return percentile(sorted(values), 50);
    }

    private static double percentile(List<Double> sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
