package scope.test.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * One end-to-end fixture: the real server jar as a subprocess and a headless Chromium with one tab. Both are ended
 * by {@link #close()}, also when a test fails; on failure a screenshot is kept beside the logs in
 * {@code target/e2e/<name>/}.
 */
public final class E2e {
    static final Path TARGET = Paths.get(System.getProperty("scope.test.target", "target"));
    static final Path SCREENSHOTS = TARGET.resolve("screenshots");

    public final ScopeServer server;
    final Chromium browser;
    final Chromium.Page page;
    private final Path logs;

    public interface Body {
        void run(E2e e2e) throws Exception;
    }

    private E2e(ScopeServer server, Chromium browser, Chromium.Page page, Path logs) {
        this.server = server;
        this.browser = browser;
        this.page = page;
        this.logs = logs;
    }

    /** Starts server and browser, runs the body, and always ends both. */
    public static void run(String name, Body body) throws Exception {
        run(name, java.util.Map.of(), body);
    }

    /** As {@link #run(String, Body)}, with extra environment for the server. */
    public static void run(String name, java.util.Map<String, String> env, Body body) throws Exception {
        run(name, env, java.util.List.of(), body);
    }

    /** As {@link #run(String, java.util.Map, Body)}, with extra Chromium flags. */
    public static void run(String name, java.util.Map<String, String> env, java.util.List<String> browserFlags,
            Body body) throws Exception {
        Path logs = TARGET.resolve("e2e").resolve(name);
        run(logs, ScopeServer.start(logs, env), browserFlags, body);
    }

    /**
     * As {@link #run(String, java.util.Map, Body)} with the server on a home the caller keeps (it stays when the
     * server ends, e.g. for a second start on what the first one left); the logs go to {@code e2e/<name>}.
     */
    public static void run(String name, java.util.Map<String, String> env, Path home, Body body) throws Exception {
        Path logs = TARGET.resolve("e2e").resolve(name);
        run(logs, ScopeServer.start(logs, env, home), java.util.List.of(), body);
    }

    private static void run(Path logs, ScopeServer server, java.util.List<String> browserFlags, Body body)
            throws Exception {
        Chromium browser = null;
        try {
            browser = Chromium.start(logs, browserFlags);
            E2e e2e = new E2e(server, browser, browser.newPage(), logs);
            try {
                body.run(e2e);
            } catch (Exception | AssertionError e) {
                e2e.keepFailureScreenshot();
                throw new AssertionError(e.getMessage() + "\n(server log: " + server.log().toAbsolutePath()
                        + ", browser log: " + browser.log().toAbsolutePath() + ")", e);
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
            server.close();
        }
    }

    private void keepFailureScreenshot() {
        try {
            page.screenshot(logs.resolve("failure.png"));
        } catch (Exception | AssertionError e) {
            // the failure itself is what matters
        }
    }

    /** Opens the browser UI from http://localhost:PORT/ (a secure context) and adds the page helpers. */
    public void openUi(String hash) throws IOException, InterruptedException {
        page.navigate(server.origin() + "/" + (hash == null ? "" : hash));
        injectHarness();
    }

    void injectHarness() throws IOException, InterruptedException {
        try (InputStream in = E2e.class.getResourceAsStream("/e2e/harness.js")) {
            page.eval(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    public JsonNode js(String expression) throws IOException, InterruptedException {
        return page.eval(expression);
    }

    public void waitFor(String condition, int seconds, String what, String diagnostic) throws IOException, InterruptedException {
        page.waitFor(condition, Duration.ofSeconds(seconds), what, diagnostic);
    }

    /** Waits until a pipeline id appears in GET /api/v1/pipelines/schemas. */
    void awaitPipeline(String id, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        JsonNode schemas = null;
        while (System.nanoTime() < end) {
            schemas = server.get("/api/v1/pipelines/schemas").json();
            if (schemas != null && !schemas.at("/pipelines/" + id).isMissingNode()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("pipeline " + id + " not listed after " + seconds + " s; listed: "
                + (schemas == null ? "nothing" : schemas.path("pipelines").properties().stream()
                        .map(java.util.Map.Entry::getKey).toList()));
    }

    /** Frames presented by a video element over a window, per second. */
    double fps(String selector, double seconds) throws IOException, InterruptedException {
        String sel = quote(selector);
        js("e2e.watch(" + sel + ")");
        long n0 = js("e2e.frames(" + sel + ")").asLong();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long n1 = js("e2e.frames(" + sel + ")").asLong();
        return (n1 - n0) / ((System.nanoTime() - t0) / 1e9);
    }

    /** Frames the newest peer connection decoded over a window (getStats), per second. */
    double decodedFps(double seconds) throws IOException, InterruptedException {
        long n0 = js("e2e.framesDecoded()").asLong();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long n1 = js("e2e.framesDecoded()").asLong();
        return (n1 - n0) / ((System.nanoTime() - t0) / 1e9);
    }

    public static String quote(String s) {
        return Cdp.JSON.valueToTree(s).toString();
    }

    static Path built(String module, String prefix) throws IOException {
        Path dir = Paths.get(System.getProperty("scope.test.plugins", "../test.plugins")).resolve(module)
                .resolve("target");
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("test plugin " + module + " is not built in " + dir));
        }
    }
}
