package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.Test;

/**
 * {@code SCOPE_UI_DIR} names a built Scope frontend: the server serves it at {@code /} (its files with their
 * content types, unknown routes as its {@code index.html}, nothing outside the folder) and our own UI at
 * {@code /studio/}, where it still loads and lists the pipelines in a real browser. A directory without an
 * {@code index.html} stops the server with a message naming it.
 */
public class ScopeUiDirIsServedAtRootTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    public void scopesFrontendAtRootAndOursUnderStudio() throws Exception {
        Path dist = Files.createTempDirectory("scope-ui-dist-");
        Files.writeString(dist.resolve("index.html"),
                "<!doctype html><html><head><script type=module src=\"/assets/index-abc123.js\"></script></head>"
                        + "<body><div id=\"scope-frontend-root\"></div></body></html>");
        Files.createDirectories(dist.resolve("assets"));
        Files.writeString(dist.resolve("assets/index-abc123.js"), "document.title = 'scope frontend';");
        Files.writeString(dist.resolve("assets/index-abc123.css"), "body{margin:0}");
        Path outside = Files.createTempFile("scope-ui-outside-", ".js");
        Files.writeString(outside, "secret()");
        Files.createSymbolicLink(dist.resolve("assets/link.js"), outside);

        E2e.run("ScopeUiDirIsServedAtRootTest", Map.of("SCOPE_UI_DIR", dist.toString()), e -> {
            int port = e.server.port();
            HttpResponse<String> root = get(port, "/");
            assertEquals(200, root.statusCode());
            assertTrue(root.body(), root.body().contains("scope-frontend-root"));
            assertTrue(root.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue("index.html is never cached", root.headers().firstValue("Cache-Control").orElse("")
                    .contains("no-store"));
            HttpResponse<String> js = get(port, "/assets/index-abc123.js");
            assertEquals(200, js.statusCode());
            assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
            assertTrue(get(port, "/assets/index-abc123.css").headers().firstValue("Content-Type").orElse("")
                    .startsWith("text/css"));
            HttpResponse<String> route = get(port, "/graph/editor");
            assertEquals("a route of the app is its index.html", 200, route.statusCode());
            assertTrue(route.body().contains("scope-frontend-root"));
            assertEquals(404, get(port, "/assets/missing.js").statusCode());
            assertEquals(403, get(port, "/assets/link.js").statusCode());
            for (String path : new String[] {"/..%2f..%2fetc%2fpasswd", "/assets/..%5C..%5Cindex.html"}) {
                HttpResponse<String> r = get(port, path);
                assertTrue(path + " -> " + r.statusCode(), r.statusCode() == 400 || r.statusCode() == 403);
            }

            // the API is not shadowed by the UI
            assertEquals(200, get(port, "/health").statusCode());
            assertTrue(get(port, "/api/v1/onboarding/status").body().contains("\"completed\""));

            // our UI under /studio/, its assets relative to its base
            HttpResponse<String> studio = get(port, "/studio");
            assertEquals(302, studio.statusCode());
            assertEquals("/studio/", studio.headers().firstValue("Location").orElse(""));
            HttpResponse<String> ours = get(port, "/studio/");
            assertEquals(200, ours.statusCode());
            assertTrue(ours.body(), ours.body().contains("<base href=\"/studio/\">"));
            assertFalse(ours.body().contains("scope-frontend-root"));
            assertTrue(get(port, "/studio/js/main.js").headers().firstValue("Content-Type").orElse("")
                    .startsWith("text/javascript"));
            assertEquals(200, get(port, "/studio/css/app.css").statusCode());

            e.page.navigate("http://localhost:" + port + "/studio/#stream");
            e.injectHarness();
            e.waitFor("document.querySelector('[data-testid=pipeline-select] option[value=passthrough]')", 30,
                    "our UI under /studio/ lists the pipelines", "document.body.innerText.slice(0, 500)");
            assertEquals("our stylesheet applies under /studio/", "1", e.js(
                    "String([...document.styleSheets].filter(s => s.href && s.href.endsWith('/studio/css/app.css'))"
                            + ".length)").asText());
        });
    }

    @Test
    public void aUiDirWithoutIndexStopsTheServerNamingIt() throws Exception {
        Path empty = Files.createTempDirectory("scope-ui-empty-");
        try (ScopeServer s = ScopeServer.start(E2e.TARGET.resolve("e2e").resolve("ScopeUiDirWithoutIndex"),
                Map.of("SCOPE_UI_DIR", empty.toString()))) {
            throw new AssertionError("a server started with a UI directory that has no index.html");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains(empty.toString())
                    && expected.getMessage().contains("index.html"));
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
