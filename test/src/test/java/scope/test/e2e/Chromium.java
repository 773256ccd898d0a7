package scope.test.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium subprocess driven over the DevTools protocol, with a fake camera. The DevTools port is chosen
 * by Chromium (port 0) and read from its log; every page load and media flow stays on this machine.
 */
final class Chromium implements AutoCloseable {
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration CALL = Duration.ofSeconds(30);

    private final Path profile;
    private final Path log;
    private final Process process;
    private final Cdp cdp;

    private Chromium(Path profile, Path log, Process process, Cdp cdp) {
        this.profile = profile;
        this.log = log;
        this.process = process;
        this.cdp = cdp;
    }

    static String executable() {
        String exe = System.getProperty("scope.chromium", System.getenv().getOrDefault("CHROMIUM", "chromium"));
        return exe;
    }

    /** Starts Chromium; its output goes to {@code logDir/chromium.log}. */
    static Chromium start(Path logDir) throws IOException, InterruptedException {
        return start(logDir, List.of());
    }

    /** As {@link #start(Path)}, with extra command-line flags. */
    static Chromium start(Path logDir, List<String> extraFlags) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("scope-chromium-");
        Files.createDirectories(logDir);
        Path log = logDir.resolve("chromium.log");
        List<String> cmd = new ArrayList<>(List.of(executable(),
                // platform notes: these work headless as root and keep Chromium from calling home
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
                "--user-data-dir=" + profile,
                // a synthetic camera (a moving, colourful test pattern) and no permission prompt
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--autoplay-policy=no-user-gesture-required",
                // hidden/occluded pages must keep decoding and painting video
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                "--window-size=1400,900", "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0"));
        cmd.addAll(extraFlags);
        cmd.add("about:blank");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI ws = awaitDevTools(p, log);
            return new Chromium(profile, log, p, new Cdp(ws));
        } catch (IOException | InterruptedException | RuntimeException e) {
            kill(p);
            throw e;
        }
    }

    private static URI awaitDevTools(Process p, Path log) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher m = DEVTOOLS.matcher(text);
            if (m.find()) {
                return URI.create(m.group(1));
            }
            if (!p.isAlive()) {
                throw new IOException("chromium exited with " + p.exitValue() + ":\n" + text);
            }
            Thread.sleep(100);
        }
        throw new IOException("chromium did not open its DevTools port within 60 s:\n" + Files.readString(log));
    }

    /** Opens a new tab at about:blank. */
    Page newPage() throws IOException, InterruptedException {
        String target = cdp.call(null, "Target.createTarget", Map.of("url", "about:blank"), CALL)
                .get("targetId").asText();
        String session = cdp.call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true), CALL)
                .get("sessionId").asText();
        return new Page(session);
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        try {
            cdp.call(null, "Browser.close", Map.of(), Duration.ofSeconds(5));
        } catch (IOException | RuntimeException e) {
            // killed below anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cdp.close();
        kill(process);
        deleteTree(profile);
    }

    /** Ends the browser and every helper process it started (renderer, GPU, zygote). */
    static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }

    /** One tab, addressed through its flattened DevTools session. */
    final class Page {
        private final String session;

        private Page(String session) {
            this.session = session;
        }

        /** Navigates and waits until the document has loaded. */
        void navigate(String url) throws IOException, InterruptedException {
            cdp.call(session, "Page.enable", Map.of(), CALL);
            cdp.call(session, "Page.navigate", Map.of("url", url), CALL);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end) {
                JsonNode href = eval("location.href + ' ' + document.readyState");
                if (href.asText().startsWith(url) && href.asText().endsWith("complete")) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IOException("page " + url + " did not load within 30 s");
        }

        /** Evaluates an expression (awaiting a promise result) and returns its JSON value. */
        JsonNode eval(String expression) throws IOException, InterruptedException {
            JsonNode r = cdp.call(session, "Runtime.evaluate", Map.of("expression", expression,
                    "awaitPromise", true, "returnByValue", true, "userGesture", true), Duration.ofSeconds(90));
            if (r.has("exceptionDetails")) {
                JsonNode ex = r.get("exceptionDetails");
                String description = ex.at("/exception/description").asText(ex.path("text").asText());
                throw new AssertionError("page script failed: " + description + "\n  in: " + abbreviate(expression));
            }
            return r.at("/result/value");
        }

        /** Polls a boolean expression until it is true; fails with the message and a diagnostic expression. */
        void waitFor(String condition, Duration timeout, String what, String diagnostic)
                throws IOException, InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                if (eval("!!(" + condition + ")").asBoolean()) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + (diagnostic == null ? "" : "; page state: " + eval(diagnostic)));
        }

        /** Sends a DevTools command to this tab (e.g. {@code Network.enable}) and returns its result. */
        JsonNode call(String method, Map<String, ?> params) throws IOException, InterruptedException {
            return cdp.call(session, method, params, CALL);
        }

        /** Hands every DevTools event of this tab to the listener (on the socket's thread). */
        void onEvent(java.util.function.Consumer<JsonNode> listener) {
            cdp.onEvent(msg -> {
                if (session.equals(msg.path("sessionId").asText())) {
                    listener.accept(msg);
                }
            });
        }

        /** Resizes the page's viewport (e.g. tall enough to show a whole settings panel in a screenshot). */
        void viewport(int width, int height) throws IOException, InterruptedException {
            cdp.call(session, "Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 1, "mobile", false), CALL);
        }

        void screenshot(Path png) throws IOException, InterruptedException {
            JsonNode r = cdp.call(session, "Page.captureScreenshot", Map.of("format", "png"), CALL);
            Files.createDirectories(png.getParent());
            Files.write(png, Base64.getDecoder().decode(r.get("data").asText()));
        }

        private String abbreviate(String s) {
            return s.length() > 200 ? s.substring(0, 200) + "..." : s;
        }
    }
}
