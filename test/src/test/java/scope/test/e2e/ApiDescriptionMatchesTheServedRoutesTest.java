package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * {@code /openapi.json} on the real server jar: an OpenAPI 3.1 document whose every operation is a route the server
 * dispatches (each is called with its method: none answers the router's bare 404 or 405), including the routes of
 * servlets that depend on other bundles (WebRTC, plugins), with the registered pipelines' load parameters; and
 * {@code /docs} renders it in a real browser.
 */
public class ApiDescriptionMatchesTheServedRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    public void everyDescribedRouteIsServedAndTheDocsPageRendersIt() throws Exception {
        E2e.run("ApiDescriptionMatchesTheServedRoutesTest", e -> {
            int port = e.server.port();
            Answer r = send(port, "GET", "/openapi.json");
            assertEquals(r.body(), 200, r.statusCode());
            JsonNode doc = JSON.readTree(r.body());
            assertTrue(doc.path("openapi").asText().startsWith("3.1"));
            assertTrue(doc.path("info").path("version").isTextual());
            JsonNode paths = doc.path("paths");
            for (String path : List.of("/health", "/api/v1/pipeline/load", "/api/v1/webrtc/offer",
                    "/api/v1/webrtc/offer/{session_id}", "/api/v1/plugins", "/api/v1/assets", "/openapi.json")) {
                assertTrue(path + " is described", paths.has(path));
            }
            assertTrue("passthrough's load parameters are described: " + doc.path("components"),
                    doc.path("components").path("schemas").has("PipelineConfig.passthrough"));

            List<String> refused = new ArrayList<>();
            int calls = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> item = it.next();
                String concrete = item.getKey().replaceAll("\\{[a-z_]+}", "e2e-missing");
                for (Iterator<String> methods = item.getValue().fieldNames(); methods.hasNext();) {
                    String method = methods.next().toUpperCase(java.util.Locale.ROOT);
                    Answer answer = send(port, method, concrete);
                    calls++;
                    boolean unrouted = answer.statusCode() == 405 || (answer.statusCode() == 404
                            && answer.body().contains("\"Not Found\""));
                    if (unrouted || answer.statusCode() >= 500) {
                        refused.add(method + " " + concrete + " -> " + answer.statusCode() + " " + answer.body());
                    }
                }
            }
            assertTrue("called " + calls, calls > 40);
            assertTrue("described but not served: " + refused, refused.isEmpty());

            e.page.navigate("http://localhost:" + port + "/docs");
            e.waitFor("document.querySelectorAll('#routes details').length >= " + calls, 30,
                    "the docs page listing every operation", "document.body.innerText.slice(0, 400)");
            assertEquals("", e.js("document.getElementById('error').textContent").asText());
            String text = e.js("document.body.innerText").asText();
            assertTrue(text.contains("/api/v1/pipeline/load") && text.contains("Pipelines"));
            e.js("document.querySelector('#filter').value = 'webrtc';"
                    + " document.querySelector('#filter').dispatchEvent(new Event('input'))");
            long shown = e.js("[...document.querySelectorAll('#routes details')]"
                    + ".filter(d => d.style.display !== 'none').length").asLong();
            assertTrue("filtering keeps the WebRTC routes only: " + shown, shown >= 4 && shown < calls);
            assertFalse(text.contains("undefined"));
        });
    }

    private Answer send(int port, String method, String path) throws Exception {
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + port + path)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = r.body()) {
            String text = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream") ? ""
                    : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Answer(r.statusCode(), text);
        }
    }

    /** The status and the whole body (none for an event stream, which does not end). */
    private record Answer(int statusCode, String body) {
    }
}
