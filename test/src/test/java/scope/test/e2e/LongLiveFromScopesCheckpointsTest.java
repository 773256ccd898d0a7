package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;
import scope.pipeline.wan.prepare.ScopeCheckpointLayout;
import scope.pipeline.wan.prepare.TorchZipWriter;

/**
 * The user's path to a real LongLive: a fresh home and a Hugging Face mirror ({@code HF_ENDPOINT}) holding Scope's
 * own LongLive artifacts, fixture-sized but in Scope's repositories, file names and formats (PyTorch zip
 * {@code .pt}/{@code .pth}, safetensors, the {@code google} tokenizer folder). In the UI the user picks LongLive,
 * presses Download and watches one bar go through downloading and converting; then text-mode generation streams to
 * Chromium from the converted graphs. A second server start on the same home loads without converting again. Bad
 * checkpoints fail the conversion with the file and the key, in models/status and the load error, while the server
 * keeps serving.
 */
public class LongLiveFromScopesCheckpointsTest {
    static final int HEIGHT = 48;
    static final int WIDTH = 64;
    static final String MODELS = "document.querySelector('[data-testid=models-status]')";
    static final ObjectMapper JSON = new ObjectMapper();
    /** The first bytes of each file are served slowly, so the UI's bar can be watched while files arrive. */
    static final int SLOW_BYTES = 1 << 20;
    /**
     * UMT5 token-embedding rows of the served encoder (the fixture has 256): 64 MB of weights, so the conversion
     * runs for a while (the fixture's graphs alone convert in half a second, faster than the UI polls).
     */
    static final int VOCABULARY_ROWS = 1 << 19;

    /** A loopback stand-in for the hub: tree listings and resolve URLs of Scope's repos, served slowly. */
    static final class Mirror implements AutoCloseable {
        final HttpServer server;
        final ExecutorService pool = Executors.newCachedThreadPool();
        /** repo id -> path in the repo -> content */
        final Map<String, Map<String, byte[]>> repos = new LinkedHashMap<>();
        final List<String> fetched = new CopyOnWriteArrayList<>();
        final int chunkDelayMs;

        /** @param files Scope's layout: {@code <repo directory>/<path>}, all under {@code daydreamlive/} */
        Mirror(Map<String, byte[]> files, int chunkDelayMs) throws IOException {
            this.chunkDelayMs = chunkDelayMs;
            files.forEach((k, v) -> repos.computeIfAbsent("daydreamlive/" + k.substring(0, k.indexOf('/')),
                    r -> new LinkedHashMap<>()).put(k.substring(k.indexOf('/') + 1), v));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(pool);
            server.start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange x) throws IOException {
            try (x) {
                String path = URLDecoder.decode(x.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
                boolean recursive = "recursive=true".equals(x.getRequestURI().getRawQuery());
                for (Map.Entry<String, Map<String, byte[]>> repo : repos.entrySet()) {
                    String listing = "/api/models/" + repo.getKey() + "/tree/main";
                    if (path.equals(listing) || path.startsWith(listing + "/")) {
                        String dir = path.equals(listing) ? "" : path.substring(listing.length() + 1);
                        send(x, 200, listing(repo.getValue(), dir, recursive).getBytes(StandardCharsets.UTF_8),
                                "application/json", 0);
                        return;
                    }
                    String resolve = "/" + repo.getKey() + "/resolve/main/";
                    if (path.startsWith(resolve) && repo.getValue().containsKey(path.substring(resolve.length()))) {
                        byte[] body = repo.getValue().get(path.substring(resolve.length()));
                        x.getResponseHeaders().set("ETag", "\"" + sha256(body) + "\"");
                        if (x.getRequestMethod().equals("HEAD")) {
                            x.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
                            x.sendResponseHeaders(200, -1);
                            return;
                        }
                        fetched.add(repo.getKey() + "/" + path.substring(resolve.length()));
                        send(x, 200, body, "application/octet-stream", chunkDelayMs);
                        return;
                    }
                }
                x.sendResponseHeaders(404, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The hub's tree entries directly under dir (or every file below it): files with LFS sizes and hashes. */
        private static String listing(Map<String, byte[]> files, String dir, boolean recursive) {
            ArrayNode out = JSON.createArrayNode();
            String prefix = dir.isEmpty() ? "" : dir + "/";
            Set<String> dirs = new LinkedHashSet<>();
            files.forEach((p, bytes) -> {
                if (!p.startsWith(prefix)) {
                    return;
                }
                String rest = p.substring(prefix.length());
                if (!recursive && rest.contains("/")) {
                    dirs.add(prefix + rest.substring(0, rest.indexOf('/')));
                    return;
                }
                ObjectNode f = out.addObject().put("type", "file").put("path", p).put("size", bytes.length);
                f.putObject("lfs").put("oid", sha256(bytes)).put("size", bytes.length);
            });
            dirs.forEach(d -> out.addObject().put("type", "directory").put("path", d).put("size", 0));
            return out.toString();
        }

        private static void send(HttpExchange x, int status, byte[] body, String type, int delayMs)
                throws IOException, InterruptedException {
            x.getResponseHeaders().set("Content-Type", type);
            x.sendResponseHeaders(status, body.length);
            OutputStream out = x.getResponseBody();
            int chunk = 16 * 1024;
            for (int off = 0; off < body.length; off += chunk) {
                out.write(body, off, Math.min(chunk, body.length - off));
                out.flush();
                if (delayMs > 0 && off < SLOW_BYTES) {
                    Thread.sleep(delayMs);
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records every distinct progress of models/status while it runs, polled far faster than the UI does. */
    static final class StatusWatch implements AutoCloseable {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        StatusWatch(ScopeServer server, String pipelineId) {
            thread = new Thread(() -> {
                String last = null;
                while (running.get()) {
                    try {
                        JsonNode p = server.get("/api/v1/models/status?pipeline_id=" + pipelineId).json()
                                .path("progress");
                        String now = p.isObject() ? p.path("phase").asText() + " " + p.path("current_artifact")
                                .asText() : null;
                        if (now != null && !now.equals(last)) {
                            seen.add(now);
                        }
                        last = now;
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // the next poll will tell
                    }
                }
            }, "models-status-watch");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join(5000);
        }
    }

    @Test
    public void downloadedAndConvertedFromTheUiThenStreamsAndASecondStartLoadsWithoutConverting()
            throws Exception {
        Map<String, byte[]> files = ScopeCheckpointLayout.longLive(ScopeCheckpointLayout.fixtures(),
                VOCABULARY_ROWS);
        Path home = Files.createTempDirectory("scope-e2e-home-");
        try (Mirror mirror = new Mirror(files, 60)) {
            Map<String, String> env = Map.of("HF_ENDPOINT", mirror.endpoint(), "SCOPE_VRAM_GB", "80");
            E2e.run("LongLiveFromScopesCheckpointsTest-first", env, home, e -> {
                StreamPage page = new StreamPage(e);
                e.awaitPipeline("longlive", 60);
                page.open("longlive");
                page.selectPipeline("longlive");
                page.selectMode("text");
                page.setResolution(HEIGHT, WIDTH);
                e.waitFor(MODELS + " && !" + MODELS + ".hidden && " + MODELS + ".textContent.includes('longlive')"
                        + " && " + MODELS + ".textContent.includes('models missing')"
                        + " && document.querySelector('[data-testid=download-models]')", 20,
                        "the models box to say LongLive's models are missing", MODELS + "?.textContent");
                // what the UI renders while the job runs, recorded in the page as it changes
                e.js("(() => { window.phaseTexts = []; const box = " + MODELS + ";"
                        + " const note = () => { const t = box.querySelector('[data-testid=model-phase]');"
                        + " const s = t ? t.textContent : null;"
                        + " if (s && window.phaseTexts[window.phaseTexts.length - 1] !== s) window.phaseTexts.push(s); };"
                        + " new MutationObserver(note).observe(box, {childList: true, subtree: true, characterData: true});"
                        + " return true; })()");
                List<String> apiSeen;
                try (StatusWatch watch = new StatusWatch(e.server, "longlive")) {
                    e.js("document.querySelector('[data-testid=download-models]').click()");
                    e.waitFor(MODELS + ".textContent.includes('models ready')", 180, "the models box to say ready",
                            MODELS + "?.textContent");
                    apiSeen = List.copyOf(watch.seen);
                }
                List<String> uiSeen = new ArrayList<>();
                e.js("window.phaseTexts").forEach(n -> uiSeen.add(n.asText()));
                System.out.println("models/status progress seen: " + apiSeen);
                System.out.println("models box texts seen: " + uiSeen);
                assertTrue("the API reports the download phase: " + apiSeen,
                        apiSeen.stream().anyMatch(s -> s.startsWith("downloading daydreamlive/LongLive-1.3B")));
                assertTrue("the API reports the conversion phase per graph: " + apiSeen,
                        apiSeen.stream().anyMatch(s -> s.equals("converting dit.onnx")));
                assertTrue("the UI showed the download phase: " + uiSeen,
                        uiSeen.stream().anyMatch(s -> s.startsWith("downloading ")));
                assertTrue("the UI showed the conversion phase: " + uiSeen,
                        uiSeen.stream().anyMatch(s -> s.startsWith("converting ")));
                assertEquals("every file fetched once: " + mirror.fetched, files.size(), mirror.fetched.size());

                String log = Files.readString(e.server.log());
                assertTrue("disk and time are printed before converting",
                        log.matches("(?s).*Converting the models of longlive to FP16 ONNX graphs .*needs about \\d+ MB"
                                + " of disk \\(\\d+ MB free\\), roughly \\d+ s.*"));
                for (String unit : List.of("umt5_encoder", "wan_vae", "longlive_dit")) {
                    assertTrue(unit + " converted", log.contains("Converted " + unit + " for longlive in "));
                }

                page.typePrompt("a red fox in the snow");
                page.startAndAwaitStreaming();
                DecodedFrames frames = new DecodedFrames(e);
                frames.awaitMore(20, "frames generated from the converted graphs");
                JsonNode sample = e.js("e2e.sample('" + StreamPage.OUTPUT + "')");
                assertEquals(WIDTH, sample.get("width").asInt());
                assertEquals(HEIGHT, sample.get("height").asInt());
                frames.awaitMore(frames.count() + 12, "frames to keep arriving");
                System.out.printf("longlive from Scope's checkpoints: %d frames decoded at %dx%d%n", frames.count(),
                        WIDTH, HEIGHT);
            });

            // the same home again: models ready at once, the load opens the cached graphs
            try (ScopeServer again = ScopeServer.start(E2e.TARGET.resolve("e2e")
                    .resolve("LongLiveFromScopesCheckpointsTest-second"), env, home)) {
                JsonNode status = again.get("/api/v1/models/status?pipeline_id=longlive").json();
                assertTrue("downloaded and converted: " + status, status.get("downloaded").asBoolean());
                assertEquals(200, again.post("/api/v1/pipeline/load", "{\"pipeline_ids\": [\"longlive\"],"
                        + " \"load_params\": {\"height\": " + HEIGHT + ", \"width\": " + WIDTH + "}}").status());
                JsonNode loaded = awaitSettled(again);
                assertEquals("loaded: " + loaded, "loaded", loaded.get("status").asText());
                String log = Files.readString(again.log());
                assertFalse("the second start converts nothing:\n" + log, log.contains("Converting"));
                assertEquals("nothing downloaded again: " + mirror.fetched, files.size(), mirror.fetched.size());
            }
        } finally {
            Chromium.deleteTree(home);
        }
    }

    @Test
    public void badCheckpointsFailTheConversionNamingFileAndKeyAndTheServerKeepsServing() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>(ScopeCheckpointLayout.longLive(
                ScopeCheckpointLayout.fixtures()));
        // a VAE checkpoint without one of its keys
        Map<String, TorchZipWriter.Tensor> vae = new LinkedHashMap<>();
        try (scope.checkpoint.Checkpoint c = scope.checkpoint.Checkpoints.open(ScopeCheckpointLayout.fixtures()
                .resolve("wan_vae/weights.safetensors"))) {
            for (String name : c.names()) {
                vae.put(name, new TorchZipWriter.Tensor(c.tensor(name).shape(), c.tensor(name).toFloats()));
            }
        }
        String dropped = "decoder.head.2.weight";
        assertTrue(vae.remove(dropped) != null);
        files.put("Wan2.1-T2V-1.3B/Wan2.1_VAE.pth", TorchZipWriter.write(vae));
        Path home = Files.createTempDirectory("scope-e2e-home-");
        try (Mirror mirror = new Mirror(files, 0);
                ScopeServer server = ScopeServer.start(E2e.TARGET.resolve("e2e")
                        .resolve("LongLiveFromScopesCheckpointsTest-bad"), Map.of("HF_ENDPOINT", mirror.endpoint(),
                                "SCOPE_VRAM_GB", "80"), home)) {
            awaitListed(server, "longlive");
            JsonNode failed = downloadAndAwait(server);
            String error = failed.path("progress").path("error").asText();
            System.out.println("VAE without " + dropped + ": " + failed);
            assertFalse(failed.get("downloaded").asBoolean());
            assertTrue(error, error.startsWith("Conversion failed: "));
            assertTrue(error, error.contains("Wan2.1-T2V-1.3B/Wan2.1_VAE.pth"));
            assertTrue(error, error.contains(dropped));

            assertEquals(200, server.post("/api/v1/pipeline/load", "{\"pipeline_ids\": [\"longlive\"],"
                    + " \"load_params\": {\"height\": " + HEIGHT + ", \"width\": " + WIDTH + "}}").status());
            JsonNode load = awaitSettled(server);
            assertEquals("error", load.get("status").asText());
            assertTrue(load.toString(), load.get("error").asText().contains("Wan2.1_VAE.pth")
                    && load.get("error").asText().contains(dropped));

            // a truncated checkpoint on disk: the next Download converts it and fails naming it
            Path base = home.resolve("models/LongLive-1.3B/models/longlive_base.pt");
            byte[] whole = Files.readAllBytes(base);
            Files.write(base, java.util.Arrays.copyOf(whole, whole.length / 2));
            Path vaeFile = home.resolve("models/Wan2.1-T2V-1.3B/Wan2.1_VAE.pth");
            Files.write(vaeFile, ScopeCheckpointLayout.longLive(ScopeCheckpointLayout.fixtures())
                    .get("Wan2.1-T2V-1.3B/Wan2.1_VAE.pth"));
            JsonNode truncated = downloadAndAwait(server);
            System.out.println("truncated longlive_base.pt: " + truncated);
            String message = truncated.path("progress").path("error").asText();
            assertTrue(message, message.contains("LongLive-1.3B/models/longlive_base.pt"));
            assertFalse(truncated.get("downloaded").asBoolean());

            assertEquals("the server keeps serving", 200, server.get("/health").status());
            assertEquals(200, server.post("/api/v1/pipeline/load", "{\"pipeline_ids\": [\"passthrough\"]}")
                    .status());
            assertEquals("loaded", awaitSettled(server).get("status").asText());
            try (var converted = Files.walk(home.resolve("models/converted"))) {
                List<String> left = converted.map(Path::toString).filter(p -> p.contains("longlive_dit")
                        && !p.endsWith("longlive_dit") && !p.endsWith(".lock")).toList();
                assertEquals("no DiT graph from the truncated file", List.of(), left);
            }
        } finally {
            Chromium.deleteTree(home);
        }
    }

    static void awaitListed(ScopeServer server, String id) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (server.get("/api/v1/pipelines/schemas").json().at("/pipelines/" + id).isMissingNode()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(id + " not listed");
            }
            Thread.sleep(250);
        }
    }

    static JsonNode downloadAndAwait(ScopeServer server) throws Exception {
        assertEquals(200, server.post("/api/v1/models/download", "{\"pipeline_id\": \"longlive\"}").status());
        long end = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < end) {
            JsonNode s = server.get("/api/v1/models/status?pipeline_id=longlive").json();
            if (!s.path("progress").path("is_downloading").asBoolean(false)) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the download job did not end");
    }

    static JsonNode awaitSettled(ScopeServer server) throws Exception {
        long end = System.nanoTime() + 120_000_000_000L;
        JsonNode s = null;
        while (System.nanoTime() < end) {
            s = server.get("/api/v1/pipeline/status").json();
            String status = s.path("status").asText();
            if (!status.equals("loading") && !status.equals("not_loaded")) {
                return s;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the load did not settle: " + s);
    }
}
