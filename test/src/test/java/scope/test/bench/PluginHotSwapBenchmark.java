package scope.test.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import scope.test.e2e.ScopeServer;

/**
 * How long plugin changes take to become visible on the real server (run/target/scope.jar as a subprocess, real
 * FileInstall polling every 500 ms), over N rounds:
 * <ul>
 * <li><b>drop -&gt; listed</b>: the example invert plugin's jar lands in the plugins folder until
 * {@code GET /api/v1/plugins} lists it active with its pipeline;</li>
 * <li><b>update -&gt; new instance serving</b>: with {@code invert} loaded, a new version of the jar replaces the
 * file until {@code GET /api/v1/pipeline/status} shows a new loaded instance (make-before-break);</li>
 * <li><b>remove -&gt; gone</b>: the file is deleted until the plugin and its pipeline are no longer listed.</li>
 * </ul>
 * Prints median and p95 per step. Arguments: rounds (default 20).
 */
public final class PluginHotSwapBenchmark {
    private PluginHotSwapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path jar = builtInvert();
        Map<String, List<Double>> times = new LinkedHashMap<>();
        times.put("drop -> listed", new ArrayList<>());
        times.put("update -> new instance serving", new ArrayList<>());
        times.put("remove -> gone", new ArrayList<>());
        Path logs = Files.createTempDirectory("scope-plugin-bench-");
        try (ScopeServer server = ScopeServer.start(logs)) {
            Path folder = server.home().resolve("plugins");
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                drop(server, Files.readAllBytes(jar), folder);
                await(server, "/api/v1/plugins", r -> listed(r, true));
                times.get("drop -> listed").add((System.nanoTime() - t0) / 1e6);

                server.post("/api/v1/pipeline/load",
                        "{\"pipelines\":[{\"node_id\":\"invert\",\"pipeline_id\":\"invert\",\"load_params\":{}}]}");
                JsonNode loaded = await(server, "/api/v1/pipeline/status", r -> "loaded".equals(r.path("status")
                        .asText()));
                String instance = loaded.at("/instances/0/instance_id").asText();
                byte[] updated = withVersion(jar, "0.9." + round);
                long t1 = System.nanoTime();
                drop(server, updated, folder);
                await(server, "/api/v1/pipeline/status", r -> "loaded".equals(r.at("/instances/0/status").asText())
                        && !instance.equals(r.at("/instances/0/instance_id").asText()));
                times.get("update -> new instance serving").add((System.nanoTime() - t1) / 1e6);

                long t2 = System.nanoTime();
                Files.delete(folder.resolve("pipeline.invert.jar"));
                await(server, "/api/v1/plugins", r -> !listed(r, false));
                times.get("remove -> gone").add((System.nanoTime() - t2) / 1e6);
                System.err.printf("round %d/%d done%n", round + 1, rounds);
            }
        }
        System.out.printf("%nPlugin hot-swap on the real server (%d rounds, drop folder polled every 500 ms)%n",
                rounds);
        System.out.printf("| %-32s | %10s | %10s | %10s |%n", "step", "median ms", "p95 ms", "max ms");
        System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(34), "-".repeat(12), "-".repeat(12), "-".repeat(12));
        times.forEach((step, list) -> System.out.printf("| %-32s | %10.0f | %10.0f | %10.0f |%n", step,
                percentile(list, 50), percentile(list, 95), percentile(list, 100)));
    }

    private static boolean listed(JsonNode plugins, boolean active) {
        for (JsonNode p : plugins.path("plugins")) {
            if (p.path("name").asText().equals("pipeline.invert")) {
                return !active || "active".equals(p.path("state").asText())
                        && "invert".equals(p.at("/pipelines/0/pipeline_id").asText());
            }
        }
        return false;
    }

    private static JsonNode await(ScopeServer server, String path, Predicate<JsonNode> done) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            JsonNode r = server.get(path).json();
            if (r != null && done.test(r)) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("timed out polling " + path);
    }

    /** Whole file under a hidden name beside the folder, then an atomic rename into it. */
    private static void drop(ScopeServer server, byte[] jar, Path folder) throws IOException {
        Path tmp = server.home().resolve(".bench.part");
        Files.write(tmp, jar);
        Files.move(tmp, folder.resolve("pipeline.invert.jar"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] withVersion(Path jar, String version) throws IOException {
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

    private static Path builtInvert() throws IOException {
        Path dir = Paths.get(System.getProperty("scope.examples", "../examples"), "pipeline.invert", "target");
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("pipeline\\.invert-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build examples/pipeline.invert first"));
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
