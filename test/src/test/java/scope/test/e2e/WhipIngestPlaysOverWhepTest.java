package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.Test;

/**
 * WHIP in, WHEP out, with Chromium speaking both protocols over plain HTTP (Debian 12's WHIP clients cannot run:
 * {@code simple-whip-client} aborts at start because it links libsoup 2 while GStreamer's ICE library pulls in
 * libsoup 3, and {@code whipsink} is not packaged). The fake camera is published to {@code /api/v1/whip} through a
 * gray chain with the test plugin's tint; a WHEP player of the same session gets gray frames; the session's
 * parameters change over {@code /api/v1/session/{id}/parameters} and the played video darkens; DELETE on each
 * Location ends viewer and session. Off loopback WHIP needs the bearer token.
 */
public class WhipIngestPlaysOverWhepTest {
    static final String OUT = "#whep-out";
    static final String IN = "#whip-in";

    @Test
    public void aWhipFedSessionPlaysOverWhepAndTakesParametersOverTheApi() throws Exception {
        E2e.run("WhipIngestPlaysOverWhepTest", e -> {
            e.server.deployPlugin(E2e.built("sample", "test.plugins.sample"));
            e.awaitPipeline("test-tint", 60);
            assertEquals(200, e.server.post("/api/v1/pipeline/load", "{\"pipeline_ids\":[\"gray\",\"test-tint\"]}")
                    .status());
            awaitLoaded(e);
            e.openUi(null);
            e.waitFor("document.querySelector('[data-testid=whip-url]')?.textContent.startsWith(location.origin"
                    + " + '/api/v1/whip')", 20, "the WHIP URL in the UI's Connect panel",
                    "document.querySelector('[data-testid=connect-panel]')?.textContent");
            try (InputStream in = WhipIngestPlaysOverWhepTest.class.getResourceAsStream("/e2e/whip-whep.js")) {
                e.js(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }

            JsonNode whip = e.js("whipWhep.publish('/api/v1/whip?pipeline_ids=gray,test-tint')");
            assertEquals(whip.toString(), 201, whip.path("status").asInt());
            String location = whip.path("location").asText();
            assertTrue(location, location.startsWith("/api/v1/whip/"));
            String sessionId = location.substring("/api/v1/whip/".length());
            assertEquals("\"" + sessionId + "\"", whip.path("etag").asText());
            assertTrue(whip.toString(), whip.path("contentType").asText().startsWith("application/sdp"));
            e.waitFor("whipWhep.states().publisher === 'connected'", 30, "the WHIP connection",
                    "JSON.stringify(whipWhep.states())");

            JsonNode whep = e.js("whipWhep.play('/api/v1/whep/" + sessionId + "')");
            assertEquals(whep.toString(), 201, whep.path("status").asInt());
            String viewer = whep.path("location").asText();
            assertTrue(viewer, viewer.startsWith("/api/v1/whep/" + sessionId + "/"));
            e.js("e2e.watch('" + OUT + "') && e2e.watch('" + IN + "')");
            e.waitFor("e2e.frames('" + OUT + "') > 10", 30, "frames played over WHEP",
                    "JSON.stringify(whipWhep.states())");

            double fps = e.decodedFps(3);
            JsonNode out = e.js("e2e.sample('" + OUT + "')");
            JsonNode in = e.js("e2e.sample('" + IN + "')");
            Brightness brightness = new Brightness(e, OUT, IN);
            double full = brightness.await(false, 0.7);
            assertEquals(200, e.server.post("/api/v1/session/" + sessionId + "/parameters", "{\"level\":0.2}")
                    .status());
            double dim = brightness.await(true, 0.45);
            ScopeServer.Response refused = e.server.post("/api/v1/session/" + sessionId + "/parameters",
                    "{\"level\":5}");
            System.out.printf("WHIP camera -> gray -> test-tint -> WHEP: played %.1f fps (decoded)%n  input %s%n"
                    + "  output %s%n  output/input luma: level 1 -> %.2f, level 0.2 -> %.2f; level 5 -> %d %s%n",
                    fps, in, out, full, dim, refused.status(), refused.body());
            assertTrue("the camera is colourful: " + in, in.get("meanChroma").asDouble() > 15);
            assertTrue("WHEP plays the gray output: " + out, out.get("meanChroma").asDouble() < 4
                    && out.get("p99Chroma").asDouble() < 16);
            assertTrue("frames keep coming: " + fps, fps > 5);
            assertEquals(422, refused.status());
            assertTrue(refused.body(), refused.body().contains("level"));

            assertEquals(200, e.js("whipWhep.remove('" + viewer + "')").asInt());
            assertEquals("a viewer is ended once", 404, e.js("whipWhep.remove('" + viewer + "')").asInt());
            assertEquals(200, e.js("whipWhep.remove('" + location + "')").asInt());
            JsonNode after = e.js("whipWhep.play('/api/v1/whep/" + sessionId + "')");
            assertEquals("the session is gone: " + after, 404, after.path("status").asInt());
            assertEquals(200, e.server.get("/health").status());
        });
    }

    @Test
    public void offLoopbackWhipNeedsTheBearerTokenAndBadOffersGetAClearError() throws Exception {
        try (ScopeServer server = ScopeServer.start(E2e.TARGET.resolve("e2e").resolve("WhipNeedsATokenOffLoopback"),
                Map.of("SCOPE_HOST", "0.0.0.0"))) {
            String token = Files.readString(server.home().resolve("conf").resolve("api-token")).trim();
            HttpClient http = HttpClient.newHttpClient();
            URI whip = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/whip?pipeline_ids=gray");
            String notVideo = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(whip)
                    .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(notVideo))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(anonymous.body(), 401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));

            HttpResponse<String> json = http.send(HttpRequest.newBuilder(whip).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(json.body(), 415, json.statusCode());

            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(whip).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(notVideo))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(bad.body(), 400, bad.statusCode());
            assertTrue(bad.body(), bad.body().contains("sdp: "));

            HttpResponse<String> options = http.send(HttpRequest.newBuilder(whip)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, options.statusCode());
            assertEquals("OPTIONS, POST", options.headers().firstValue("Allow").orElse(""));
            assertEquals(200, server.get("/health").status());
        }
    }

    private static void awaitLoaded(E2e e) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        JsonNode status = null;
        while (System.nanoTime() < end) {
            status = e.server.get("/api/v1/pipeline/status").json();
            if (status != null && "loaded".equals(status.path("status").asText())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("pipelines not loaded: " + status);
    }
}
