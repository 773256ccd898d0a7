package scope.test.e2e;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.Test;
import scope.test.ToyDepthModel;

/**
 * A fresh home, a Hugging Face mirror at {@code HF_ENDPOINT} holding the depth model, and nothing else: from the UI
 * the user picks passthrough with the video-depth-anything preprocessor, downloads the missing model while a
 * progress bar shows, and then a colourful camera comes back as a grey depth video.
 */
public class DepthModelDownloadedFromTheUiStreamsDepthTest {
    static final String OUT = "[data-testid=output-video]";
    static final String IN = "[data-testid=input-preview]";
    static final String REPO = "onnx-community/depth-anything-v2-small";
    static final String FILE = "onnx/model.onnx";

    /** One request the mirror saw. */
    record Seen(String method, String path, String authorization) {
    }

    /** A loopback stand-in for the hub: the tree listing API and resolve URLs of one repo with one file. */
    static final class Mirror implements AutoCloseable {
        final HttpServer server;
        final ExecutorService pool = Executors.newCachedThreadPool();
        final byte[] model;
        final String sha256;
        final List<Seen> seen = new CopyOnWriteArrayList<>();

        Mirror(byte[] model) throws Exception {
            this.model = model;
            this.sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
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
                String path = x.getRequestURI().getRawPath();
                seen.add(new Seen(x.getRequestMethod(), path, x.getRequestHeaders().getFirst("Authorization")));
                String listing = "/api/models/" + REPO + "/tree/main";
                if (path.equals(listing) || path.equals(listing + "/onnx")) {
                    String body = path.endsWith("/onnx")
                            ? "[{\"type\":\"file\",\"oid\":\"0000000000000000000000000000000000000000\",\"path\":\""
                                    + FILE + "\",\"size\":" + model.length + ",\"lfs\":{\"oid\":\"" + sha256
                                    + "\",\"size\":" + model.length + ",\"pointerSize\":134}}]"
                            : "[{\"type\":\"directory\",\"oid\":\"0000000000000000000000000000000000000000\","
                                    + "\"path\":\"onnx\",\"size\":0}]";
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    x.getResponseHeaders().set("Content-Type", "application/json");
                    x.sendResponseHeaders(200, bytes.length);
                    x.getResponseBody().write(bytes);
                } else if (path.equals("/" + REPO + "/resolve/main/" + FILE)) {
                    x.getResponseHeaders().set("ETag", "\"" + sha256 + "\"");
                    x.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    if (x.getRequestMethod().equals("HEAD")) {
                        x.getResponseHeaders().set("Content-Length", Integer.toString(model.length));
                        x.sendResponseHeaders(200, -1);
                        return;
                    }
                    x.sendResponseHeaders(200, model.length);
                    OutputStream out = x.getResponseBody();
                    // slowly enough (about 6 s) that the UI, which polls once a second, shows the progress bar
                    int chunk = 64 * 1024;
                    for (int off = 0; off < model.length; off += chunk) {
                        out.write(model, off, Math.min(chunk, model.length - off));
                        out.flush();
                        Thread.sleep(200);
                    }
                } else {
                    x.sendResponseHeaders(404, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    static void select(E2e e, String testid, String value) throws Exception {
        e.js("(() => { const s = document.querySelector('[data-testid=" + testid + "]'); s.value = " + E2e.quote(value)
                + "; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()");
    }

    @Test
    public void depthModelDownloadsFromTheMirrorAndTheCameraComesBackAsDepth() throws Exception {
        try (Mirror mirror = new Mirror(ToyDepthModel.bytes(2 << 20))) {
            Map<String, String> env = Map.of("HF_ENDPOINT", mirror.endpoint(), "SCOPE_VRAM_GB", "8");
            E2e.run("DepthModelDownloadedFromTheUiStreamsDepthTest", env, e -> {
                Path stored = e.server.home().resolve("models/depth-anything-v2-small").resolve(FILE);
                assertTrue("a fresh home has no depth model", !Files.exists(stored));

                e.openUi("#stream");
                e.waitFor("document.querySelector('[data-testid=pipeline-select] option[value=passthrough]')", 30,
                        "the pipeline list", "document.body.innerText.slice(0, 500)");
                select(e, "pipeline-select", "passthrough");
                e.js("document.querySelector('[data-testid=add-preprocessor]').click()");
                e.waitFor("document.querySelector('[data-testid=preprocessor-select]"
                        + " option[value=video-depth-anything]')", 10, "video-depth-anything as a preprocessor",
                        "document.querySelector('[data-testid=preprocessor-select]')?.innerText");
                select(e, "preprocessor-select", "video-depth-anything");

                String models = "document.querySelector('[data-testid=models-status]')";
                e.waitFor(models + " && !" + models + ".hidden && " + models
                        + ".textContent.includes('video-depth-anything') && " + models
                        + ".textContent.includes('models missing')"
                        + " && document.querySelector('[data-testid=download-models]')", 15,
                        "the models box to say the depth model is missing", models + "?.textContent");
                e.js("document.querySelector('[data-testid=download-models]').click()");

                // watch the bar until the box says ready
                List<Double> progress = new ArrayList<>();
                long end = System.nanoTime() + 120_000_000_000L;
                boolean ready = false;
                while (!ready && System.nanoTime() < end) {
                    JsonNode now = e.js("(() => { const b = document.querySelector('[data-testid=model-progress]');"
                            + " const box = " + models + ";"
                            + " return {bar: b && b.offsetParent !== null ? b.value : null,"
                            + " text: box ? box.textContent : ''}; })()");
                    if (!now.path("bar").isNull() && !now.path("bar").isMissingNode()) {
                        double v = now.path("bar").asDouble();
                        if (progress.isEmpty() || progress.get(progress.size() - 1) != v) {
                            progress.add(v);
                        }
                    }
                    ready = now.path("text").asText().contains("models ready");
                    if (!ready) {
                        Thread.sleep(100);
                    }
                }
                System.out.println("depth model download: progress bar values seen " + progress);
                assertTrue("the models box should say ready: "
                        + e.js(models + "?.textContent").asText(), ready);
                assertTrue("the progress bar should have shown during the download", !progress.isEmpty());
                assertTrue("the progress bar should advance: " + progress, progress.size() >= 2
                        && progress.get(progress.size() - 1) > progress.get(0));

                // the file came from the mirror, byte for byte, and without a credential
                assertArrayEquals("the stored model is the served one", mirror.model, Files.readAllBytes(stored));
                List<Seen> downloads = mirror.seen.stream()
                        .filter(s -> s.method().equals("GET") && s.path().equals("/" + REPO + "/resolve/main/" + FILE))
                        .toList();
                assertEquals("one download request for the model: " + mirror.seen, 1, downloads.size());
                assertTrue("no Authorization without HF_TOKEN: " + mirror.seen,
                        mirror.seen.stream().allMatch(s -> s.authorization() == null));

                select(e, "source-select", "camera");
                e.js("document.querySelector('[data-testid=start-button]').click()");
                e.waitFor("document.querySelector('[data-testid=status-phase]').textContent === 'streaming'", 90,
                        "the stream page to say streaming",
                        "document.querySelector('[data-testid=status-phase]').textContent + ' / '"
                                + " + document.querySelector('[data-testid=status-stage]').textContent + ' / '"
                                + " + document.querySelector('[data-testid=status-error]').textContent");
                e.js("e2e.watch('" + OUT + "') && e2e.watch('" + IN + "')");
                e.waitFor("e2e.frames('" + OUT + "') > 10", 60, "output frames", null);
                Thread.sleep(1000); // past the first frames, when the running depth range has settled

                JsonNode out = e.js("e2e.sample('" + OUT + "')");
                JsonNode in = e.js("e2e.sample('" + IN + "')");
                System.out.printf("camera -> video-depth-anything -> passthrough%n  input sample %s%n"
                        + "  output sample %s%n", in, out);
                assertTrue("input preview should be colourful: " + in, in.get("meanChroma").asDouble() > 15);
                assertTrue("output should be grey (depth in all three channels): " + out,
                        out.get("meanChroma").asDouble() < 4 && out.get("p99Chroma").asDouble() < 16);
                assertTrue("output should be a depth map, not a flat frame: " + out,
                        out.get("lumaStd").asDouble() > 8);
                JsonNode status = e.server.get("/api/v1/pipeline/status").json();
                assertEquals("loaded", status.get("status").asText());

                e.page.screenshot(E2e.SCREENSHOTS.resolve("depth-download.png"));
            });
        }
    }
}
