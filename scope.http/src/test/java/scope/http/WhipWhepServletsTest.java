package scope.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import scope.runtime.schema.ValidationException;
import scope.runtime.settings.AccessSettings;
import scope.webrtc.Answer;
import scope.webrtc.SessionInfo;
import scope.webrtc.SessionLimitException;
import scope.webrtc.SessionNotFoundException;
import scope.webrtc.WebRtcSignaling;

/**
 * The HTTP semantics of WHIP, WHEP and session parameters over a signalling service that records its calls: status
 * codes, Location/ETag/Content-Type, the query, refusals with a clear text; and the guard's part (bearer token off
 * loopback, OPTIONS without Origin).
 */
class WhipWhepServletsTest {
    private static final String OFFER = "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n";
    private static final String ANSWER = "v=0\r\no=- 3 4 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n";

    private final List<String> calls = new ArrayList<>();
    private final AtomicReference<RuntimeException> failWith = new AtomicReference<>();
    private final AtomicReference<JsonNode> initial = new AtomicReference<>();

    private WebRtcSignaling signaling() {
        return (WebRtcSignaling) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WebRtcSignaling.class}, (p, m, args) -> {
                    calls.add(m.getName() + (args == null || args.length == 0 || !(args[0] instanceof String s)
                            || s.startsWith("v=0") ? "" : " " + s));
                    RuntimeException fail = failWith.get();
                    if (fail != null && !m.getName().equals("sessions")) {
                        throw fail;
                    }
                    return switch (m.getName()) {
                        case "ingest" -> {
                            initial.set((JsonNode) args[1]);
                            if (((JsonNode) args[1]).has("prompts")
                                    && ((JsonNode) args[1]).at("/prompts/0/text").asText().equals("invalid")) {
                                throw new ValidationException("prompts", "not this one");
                            }
                            yield new Answer(ANSWER, "s-1");
                        }
                        case "view" -> new Answer(ANSWER, "v-1");
                        case "sessions" -> List.of(new SessionInfo("s-1", "connected", "video", 1, 1, 1, 1, 0,
                                null));
                        default -> null;
                    };
                });
    }

    private FakeExchange whip(String pathAndQuery, String type, String body) throws Exception {
        return new FakeExchange("POST", pathAndQuery, type, body).through(new WhipServlet(signaling()));
    }

    @Test
    void anOfferCreatesASessionNamedByLocationAndEtag() throws Exception {
        FakeExchange x = whip("/api/v1/whip?pipeline_ids=gray,passthrough&prompt=a%20cat", "application/sdp", OFFER);
        assertEquals(201, x.status, x.body());
        assertEquals("/api/v1/whip/s-1", x.headers.get("Location"));
        assertEquals("\"s-1\"", x.headers.get("ETag"));
        assertEquals("application/sdp", x.contentType);
        assertEquals(ANSWER, x.body());
        assertEquals("video", initial.get().path("input_mode").asText());
        assertEquals("[\"gray\",\"passthrough\"]", initial.get().path("pipeline_ids").toString());
        assertEquals("a cat", initial.get().at("/prompts/0/text").asText());

        FakeExchange bare = whip("/api/v1/whip", "application/sdp; charset=utf-8", OFFER);
        assertEquals(201, bare.status);
        assertTrue(initial.get().path("pipeline_ids").isMissingNode(), "no chain given: the loaded pipelines");
    }

    @Test
    void badRequestsAreRefusedWithAClearText() throws Exception {
        FakeExchange json = whip("/api/v1/whip", "application/json", "{\"sdp\":\"v=0\"}");
        assertEquals(415, json.status);
        assertTrue(json.body().contains("application/sdp"), json.body());
        assertEquals(415, whip("/api/v1/whip", null, OFFER).status);
        FakeExchange empty = whip("/api/v1/whip", "application/sdp", "");
        assertEquals(400, empty.status);
        assertTrue(empty.body().contains("empty"), empty.body());
        FakeExchange unknown = whip("/api/v1/whip?pipelines=gray", "application/sdp", OFFER);
        assertEquals(400, unknown.status);
        assertTrue(unknown.body().contains("'pipelines'"), unknown.body());
        assertEquals(400, whip("/api/v1/whip?pipeline_ids=gray,,x", "application/sdp", OFFER).status);
        assertEquals(422, whip("/api/v1/whip?prompt=invalid", "application/sdp", OFFER).status);
        assertTrue(calls.stream().filter(c -> c.startsWith("ingest")).count() == 1,
                "only well-formed requests reach the service: " + calls);

        failWith.set(new IllegalArgumentException("sdp: a WHIP offer must send video"));
        FakeExchange noVideo = whip("/api/v1/whip", "application/sdp", OFFER);
        assertEquals(400, noVideo.status);
        assertTrue(noVideo.body().contains("must send video"), noVideo.body());
        failWith.set(new IllegalStateException("Pipeline not loaded. Please load pipeline first."));
        assertEquals(409, whip("/api/v1/whip", "application/sdp", OFFER).status);
        failWith.set(new SessionLimitException("too many", true));
        assertEquals(429, whip("/api/v1/whip", "application/sdp", OFFER).status);
    }

    @Test
    void deleteEndsTheSessionPatchIsNotSupportedOptionsNamesTheMethods() throws Exception {
        FakeExchange delete = new FakeExchange("DELETE", "/api/v1/whip/s-1", null, null)
                .through(new WhipServlet(signaling()));
        assertEquals(200, delete.status);
        assertTrue(calls.contains("close s-1"), calls.toString());
        assertEquals(404, new FakeExchange("DELETE", "/api/v1/whip/nope", null, null)
                .through(new WhipServlet(signaling())).status);
        assertEquals(405, new FakeExchange("PATCH", "/api/v1/whip/s-1", "application/trickle-ice-sdpfrag",
                "a=ice-ufrag:x\r\n").through(new WhipServlet(signaling())).status);
        FakeExchange options = new FakeExchange("OPTIONS", "/api/v1/whip", null, null)
                .through(new WhipServlet(signaling()));
        assertEquals(204, options.status);
        assertEquals("OPTIONS, POST", options.headers.get("Allow"));
        assertEquals("application/sdp", options.headers.get("Accept-Post"));
        FakeExchange resource = new FakeExchange("OPTIONS", "/api/v1/whip/s-1", null, null)
                .through(new WhipServlet(signaling()));
        assertEquals("OPTIONS, DELETE", resource.headers.get("Allow"));
        assertNull(resource.headers.get("Accept-Post"));
    }

    @Test
    void whepCreatesAndEndsViewers() throws Exception {
        FakeExchange view = new FakeExchange("POST", "/api/v1/whep/s-1", "application/sdp", OFFER)
                .through(new WhepServlet(signaling()));
        assertEquals(201, view.status, view.body());
        assertEquals("/api/v1/whep/s-1/v-1", view.headers.get("Location"));
        assertEquals("\"v-1\"", view.headers.get("ETag"));
        assertEquals(ANSWER, view.body());
        assertTrue(calls.contains("view s-1"), calls.toString());
        assertEquals(200, new FakeExchange("DELETE", "/api/v1/whep/s-1/v-1", null, null)
                .through(new WhepServlet(signaling())).status);
        assertTrue(calls.contains("closeViewer s-1"), calls.toString());
        assertEquals(415, new FakeExchange("POST", "/api/v1/whep/s-1", "text/plain", OFFER)
                .through(new WhepServlet(signaling())).status);
        assertEquals("OPTIONS, POST", new FakeExchange("OPTIONS", "/api/v1/whep/s-1", null, null)
                .through(new WhepServlet(signaling())).headers.get("Allow"));

        failWith.set(new SessionNotFoundException("nope"));
        FakeExchange missing = new FakeExchange("POST", "/api/v1/whep/nope", "application/sdp", OFFER)
                .through(new WhepServlet(signaling()));
        assertEquals(404, missing.status);
        assertTrue(missing.body().contains("nope"), missing.body());
        failWith.set(SessionNotFoundException.viewer("s-1", "v-9"));
        assertEquals(404, new FakeExchange("DELETE", "/api/v1/whep/s-1/v-9", null, null)
                .through(new WhepServlet(signaling())).status);
    }

    @Test
    void sessionParametersAreValidatedByTheSession() throws Exception {
        FakeExchange ok = new FakeExchange("POST", "/api/v1/session/s-1/parameters", "application/json",
                "{\"noise_scale\":0.4}").through(new SessionParametersServlet(signaling()));
        assertEquals(200, ok.status, ok.body());
        assertTrue(ok.body().contains("\"applied_parameters\":{\"noise_scale\":0.4}"), ok.body());
        assertTrue(calls.contains("updateParameters s-1"), calls.toString());
        assertEquals(415, new FakeExchange("POST", "/api/v1/session/s-1/parameters", "text/plain",
                "{\"noise_scale\":0.4}").through(new SessionParametersServlet(signaling())).status);
        failWith.set(new SessionNotFoundException("gone"));
        assertEquals(404, new FakeExchange("POST", "/api/v1/session/gone/parameters", "application/json",
                "{}").through(new SessionParametersServlet(signaling())).status);
    }

    @Test
    void offLoopbackWhipNeedsTheBearerTokenAndOptionsWithoutOriginReachesTheServlet() throws Exception {
        RequestGuard guard = new RequestGuard(new AccessPolicy("0.0.0.0",
                new AccessSettings("secret-token", List.of(), List.of())));
        List<String> passed = new ArrayList<>();
        jakarta.servlet.FilterChain chain = (rq, rs) -> passed.add(((jakarta.servlet.http.HttpServletRequest) rq)
                .getMethod());

        FakeExchange anonymous = new FakeExchange("POST", "/api/v1/whip", "application/sdp", OFFER)
                .header("Host", "10.0.0.5:8000");
        guard.doFilter(anonymous.request(), anonymous.response(), chain);
        assertEquals(401, anonymous.status);
        assertTrue(anonymous.headers.get("WWW-Authenticate").startsWith("Bearer"));
        FakeExchange wrong = new FakeExchange("POST", "/api/v1/whip", "application/sdp", OFFER)
                .header("Host", "10.0.0.5:8000").header("Authorization", "Bearer nope");
        guard.doFilter(wrong.request(), wrong.response(), chain);
        assertEquals(401, wrong.status);
        assertTrue(passed.isEmpty());

        // OBS and GStreamer send no Origin: a bearer token is all they need
        FakeExchange obs = new FakeExchange("POST", "/api/v1/whip", "application/sdp", OFFER)
                .header("Host", "10.0.0.5:8000").header("Authorization", "Bearer secret-token");
        guard.doFilter(obs.request(), obs.response(), chain);
        assertEquals(List.of("POST"), passed);

        FakeExchange options = new FakeExchange("OPTIONS", "/api/v1/whip", null, null).header("Host", "10.0.0.5");
        guard.doFilter(options.request(), options.response(), chain);
        assertEquals(List.of("POST", "OPTIONS"), passed, "OPTIONS without Origin is answered by the servlet");
        FakeExchange preflight = new FakeExchange("OPTIONS", "/api/v1/whip", null, null).header("Host", "10.0.0.5")
                .header("Origin", "https://evil.example");
        guard.doFilter(preflight.request(), preflight.response(), chain);
        assertEquals(403, preflight.status, "no CORS for a foreign origin");
        FakeExchange page = new FakeExchange("POST", "/api/v1/whip", "application/sdp", OFFER)
                .header("Host", "10.0.0.5:8000").header("Authorization", "Bearer secret-token")
                .header("Origin", "https://evil.example");
        guard.doFilter(page.request(), page.response(), chain);
        assertEquals(403, page.status, "a foreign page cannot ingest even with the token");
        assertEquals(2, passed.size());
    }
}
