package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import scope.api.Frame;
import scope.webrtc.Answer;
import scope.webrtc.SessionInfo;
import scope.webrtc.SessionNotFoundException;

/** End to end over real libwebrtc: a Java client peer against the signalling service, inside the test namespace. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebRtcSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GrayStreamService streams = new GrayStreamService();
    private final List<String> keyframeRequests = new CopyOnWriteArrayList<>();
    private WebRtcSignalingService service;

    @BeforeAll
    void start() {
        KeyframeRequests observed = new ObservedKeyframeRequests();
        service = new WebRtcSignalingService(streams, Signalings.settings(Duration.ofMillis(500)),
                (RTCPeerConnection pc, RTCRtpReceiver receiver, int index, String reason) -> {
                    keyframeRequests.add(index + ":" + reason);
                    observed.request(pc, receiver, index, reason);
                });
    }

    @AfterAll
    void stop() {
        service.close();
    }

    private record Connected(TestClient client, String sessionId) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            client.close();
        }
    }

    private Connected connect(boolean video) throws Exception {
        TestClient client = new TestClient(video);
        try {
            Answer answer = service.offer(client.offerBody(video ? "video" : "text"));
            assertEquals("answer", answer.type());
            client.acceptAnswer(answer.sdp());
            client.awaitChannelOpen();
            return new Connected(client, answer.sessionId());
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
    }

    private static boolean isType(JsonNode m, String type) {
        return type.equals(m.path("type").asText());
    }

    @Test
    void colourInputComesBackGray() throws Exception {
        try (Connected c = connect(true)) {
            Await.until(() -> c.client().framesReceived() >= 10, WAIT, "10 frames back at the client");
            Frame input = streams.last().lastInput();
            assertNotNull(input, "the stream got input frames");
            int r = input.rgb()[0] & 255;
            int g = input.rgb()[1] & 255;
            assertTrue(r > g + 100, "input reaches the stream in colour (r=" + r + ", g=" + g + ")");
            int[] chroma = c.client().lastChroma();
            assertTrue(Math.abs(chroma[0] - 128) <= 6 && Math.abs(chroma[1] - 128) <= 6,
                    "output is gray: U=" + chroma[0] + " V=" + chroma[1]);
            SessionInfo info = service.sessions().stream().filter(s -> s.sessionId().equals(c.sessionId()))
                    .findFirst().orElseThrow();
            assertEquals("video", info.inputMode());
            assertTrue(info.ttffMillis() > 0, "time to first frame is recorded");
            assertTrue(info.framesSent() > 0 && info.framesReceived() > 0);
            Await.until(() -> keyframeRequests.contains("0:session start"), WAIT,
                    "a key frame request for the inbound track at session start");
            Await.until(() -> "10.213.0.1".equals(service.session(c.sessionId()).mediaPath()), WAIT,
                    "the connected path read from the statistics: the namespace's own address");
        }
    }

    @Test
    void textModeGetsGeneratedFrames() throws Exception {
        try (Connected c = connect(false)) {
            Await.until(() -> c.client().framesReceived() >= 5, WAIT, "generated frames at the client");
            assertEquals("text", service.session(c.sessionId()).mode());
            assertTrue(service.session(c.sessionId()).inbound().isEmpty());
        }
    }

    @Test
    void liveStatsArriveOnTheDataChannel() throws Exception {
        try (Connected c = connect(true)) {
            JsonNode stats = c.client().awaitMessage(m -> isType(m, "stats") && m.path("frames_out").asLong() > 0,
                    WAIT);
            assertNotNull(stats, "a stats message once frames flow");
            assertTrue(stats.has("pipeline_fps") && stats.has("ttff_ms") && stats.has("output_fps"), stats.toString());
        }
    }

    @Test
    void dataChannelMessagesReachTheStreamAndInvalidOnesGetAnError() throws Exception {
        try (Connected c = connect(false)) {
            GrayStreamService.GrayStream stream = streams.last();
            c.client().send("{\"prompts\":[{\"text\":\"a cat\",\"weight\":100}],\"noise_scale\":0.5}");
            Await.until(() -> !stream.updates().isEmpty(), WAIT, "the update at the stream");
            assertEquals("a cat", stream.updates().get(0).path("prompts").path(0).path("text").asText());

            c.client().send("{\"noise_scale\":5}");
            JsonNode error = c.client().awaitMessage(m -> isType(m, "error"), WAIT);
            assertNotNull(error, "an error reply for the invalid update");
            assertEquals("noise_scale", error.path("fields").path(0).path("field").asText());
            assertTrue(error.path("error_message").asText().contains("noise_scale"));
            assertEquals(1, stream.updates().size(), "the invalid update changed nothing");

            c.client().send("not json");
            assertNotNull(c.client().awaitMessage(m -> isType(m, "error"), WAIT), "an error reply for non-JSON");
        }
    }

    @Test
    void messagesProducedBeforeTheChannelOpensAreDelivered() throws Exception {
        streams.greetWith(Map.of("prompts", List.of(Map.of("text", "hello", "weight", 1.0))));
        try (Connected c = connect(false)) {
            JsonNode m = c.client().awaitMessage(x -> isType(x, "parameters_updated"), WAIT);
            assertNotNull(m, "parameters_updated sent before the channel opened arrives");
            assertEquals("hello", m.path("parameters").path("prompts").path(0).path("text").asText());
        } finally {
            streams.greetWith(null);
        }
    }

    @Test
    void streamFailureSendsStreamStoppedAndEndsTheSession() throws Exception {
        try (Connected c = connect(true)) {
            Await.until(() -> c.client().framesReceived() >= 1, WAIT, "first frame");
            streams.last().fail("CUDA out of memory");
            JsonNode m = c.client().awaitMessage(x -> isType(x, "stream_stopped"), WAIT);
            assertNotNull(m, "stream_stopped reaches the client");
            assertEquals("CUDA out of memory", m.path("error_message").asText());
            Await.until(() -> service.session(c.sessionId()) == null, WAIT, "the session to end after the linger");
        }
    }

    @Test
    void fewerThanTenConsecutiveInputErrorsAreTolerated() throws Exception {
        try (Connected c = connect(true)) {
            InboundVideo in = service.session(c.sessionId()).inbound().get(0);
            Await.until(() -> in.framesReceived() >= 3, WAIT, "input frames");
            in.injectFailures(InboundVideo.MAX_CONSECUTIVE_ERRORS - 1);
            Await.until(() -> in.pendingInjectedFailures() == 0, WAIT, "the injected failures to be consumed");
            long after = in.framesReceived();
            Await.until(() -> in.framesReceived() >= after + 5, WAIT, "input frames after the errors");
            assertEquals(InboundVideo.MAX_CONSECUTIVE_ERRORS - 1, in.longestErrorRun());
            assertFalse(streams.last().isStopped(), "the stream keeps running");
            assertNotNull(service.session(c.sessionId()), "the session is still live");
            assertNull(c.client().awaitMessage(x -> isType(x, "stream_stopped"), Duration.ofMillis(300)));
            assertTrue(keyframeRequests.stream().anyMatch(r -> r.startsWith("0:input error")),
                    "a key frame is asked for after the errors: " + keyframeRequests);
        }
    }

    @Test
    void tenConsecutiveInputErrorsEndTheSession() throws Exception {
        try (Connected c = connect(true)) {
            InboundVideo in = service.session(c.sessionId()).inbound().get(0);
            Await.until(() -> in.framesReceived() >= 3, WAIT, "input frames");
            in.injectFailures(InboundVideo.MAX_CONSECUTIVE_ERRORS);
            JsonNode m = c.client().awaitMessage(x -> isType(x, "stream_stopped"), WAIT);
            assertNotNull(m, "stream_stopped after ten errors");
            assertTrue(m.path("error_message").asText().contains("10 times in a row"), m.toString());
            Await.until(() -> service.session(c.sessionId()) == null, WAIT, "the session to end");
            assertTrue(streams.last().isStopped());
        }
    }

    @Test
    void clientCloseEndsTheSession() throws Exception {
        Connected c = connect(false);
        Await.until(() -> c.client().framesReceived() >= 1, WAIT, "first frame");
        c.close();
        Await.until(() -> service.session(c.sessionId()) == null, WAIT, "the server to notice the client left");
    }

    @Test
    void trickleCandidates() throws Exception {
        assertThrows(SessionNotFoundException.class, () -> service.addCandidates("no-such-session",
                JSON.readTree("{\"candidates\":[]}")));
        try (Connected c = connect(false)) {
            String mid = c.client().candidateMid();
            service.addCandidates(c.sessionId(), JSON.readTree("{\"candidates\":[{\"candidate\":"
                    + "\"candidate:1 1 udp 2122260223 10.213.0.1 54400 typ host\",\"sdpMid\":\"" + mid
                    + "\",\"sdpMLineIndex\":0},{\"candidate\":\"\",\"sdpMid\":\"" + mid + "\"}]}"));
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> service.addCandidates(c.sessionId(),
                            JSON.readTree("{\"candidates\":[{\"candidate\":\"garbage\",\"sdpMid\":\"0\"}]}")));
            assertTrue(bad.getMessage().contains("candidates[0]"), bad.getMessage());
            service.close(c.sessionId());
            assertThrows(SessionNotFoundException.class, () -> service.addCandidates(c.sessionId(),
                    JSON.readTree("{\"candidates\":[]}")));
        }
    }

    @Test
    void offersThatCannotBeAnswered() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.offer(JSON.readTree("{\"type\":\"offer\"}")));
        assertTrue(e.getMessage().startsWith("sdp"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> service.offer(JSON.readTree("{\"sdp\":\"v=0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\n\","
                        + "\"type\":\"answer\"}")));
        assertTrue(e.getMessage().startsWith("type"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> service.offer(JSON.readTree("{\"sdp\":\"hello\",\"type\":\"offer\"}")));
        assertTrue(e.getMessage().startsWith("sdp"), e.getMessage());
        int opened = streams.opened().size();
        e = assertThrows(IllegalArgumentException.class, () -> service.offer(JSON.readTree(
                "{\"sdp\":\"v=0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\n\",\"type\":\"offer\"}")));
        assertEquals("sdp: media section 0 (video) has no a=mid", e.getMessage());
        assertEquals(opened, streams.opened().size(), "the server's own SDP checks refuse it before any stream");
        // passes the server's checks, but libwebrtc refuses an ICE password this short
        String shortPassword = ChromiumOffers.videoSendRecv().replaceAll("a=ice-pwd:\\S+", "a=ice-pwd:short");
        e = assertThrows(IllegalArgumentException.class, () -> service.offer(ChromiumOffers.body(shortPassword)));
        assertTrue(e.getMessage().startsWith("sdp: rejected by the WebRTC stack"), e.getMessage());
        assertEquals(opened + 1, streams.opened().size());
        assertTrue(streams.last().isStopped(), "the stream opened for a rejected offer is closed again");

        streams.setLoaded(false);
        try (TestClient client = new TestClient(false)) {
            IllegalStateException notLoaded = assertThrows(IllegalStateException.class,
                    () -> service.offer(client.offerBody("text")));
            assertEquals(GrayStreamService.NOT_LOADED, notLoaded.getMessage());
        } finally {
            streams.setLoaded(true);
        }
        assertEquals(opened + 1, streams.opened().size(), "no stream for an offer that was refused");
    }

    /** Scope's forked graph: source -> gray -> output, source -> passthrough -> output_1 (sinks listed in that order). */
    private static void forkedGraph(com.fasterxml.jackson.databind.node.ObjectNode body) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode initial = (com.fasterxml.jackson.databind.node.ObjectNode) body
                .get("initialParameters");
        initial.remove("pipeline_ids");
        initial.set("graph", JSON.readTree("{\"nodes\":[{\"id\":\"input\",\"type\":\"source\"},"
                + "{\"id\":\"gray\",\"type\":\"pipeline\",\"pipeline_id\":\"gray\"},"
                + "{\"id\":\"pass\",\"type\":\"pipeline\",\"pipeline_id\":\"passthrough\"},"
                + "{\"id\":\"output\",\"type\":\"sink\"},{\"id\":\"output_1\",\"type\":\"sink\"}],"
                + "\"edges\":[{\"from\":\"input\",\"to_node\":\"gray\"},{\"from\":\"input\",\"to_node\":\"pass\"},"
                + "{\"from\":\"gray\",\"to_node\":\"output\"},{\"from\":\"pass\",\"to_node\":\"output_1\"}]}"));
    }

    @Test
    void eachSinkOfAForkedGraphGetsItsOwnTrackInTheOrderOfTheReceivingSections() throws Exception {
        // as Scope's UI offers it: the camera's sendrecv section (mid 0), audio (mid 1), one recvonly per further sink
        try (TestClient client = new TestClient(null, true, 1)) {
            com.fasterxml.jackson.databind.node.ObjectNode body = client.offerBody("video");
            forkedGraph(body);
            Answer answer = service.offer(body);
            client.acceptAnswer(answer.sdp());
            client.awaitChannelOpen();
            Await.until(() -> client.framesOn("0") >= 10 && client.framesOn("2") >= 10, WAIT,
                    "frames on both sinks' sections");
            int[] first = client.chromaOf("0");
            int[] second = client.chromaOf("2");
            assertTrue(Math.abs(first[0] - 128) <= 6 && Math.abs(first[1] - 128) <= 6,
                    "the first sink is gray: U=" + first[0] + " V=" + first[1]);
            assertTrue(second[1] > 128 + 30, "the second sink is the red input: U=" + second[0] + " V=" + second[1]);
            assertTrue(sectionOf(answer.sdp(), "2").contains("a=sendonly"), "the recvonly section is answered sendonly");
            String shortId = answer.sessionId().substring(0, 8);
            assertTrue(Await.moduleThreads().contains(Threads.name("out1", answer.sessionId())),
                    Await.moduleThreads().toString());
            service.close(answer.sessionId());
            Await.until(() -> Await.moduleThreads().stream().noneMatch(n -> n.endsWith(shortId)), WAIT,
                    "both senders' threads gone after close");
            assertTrue(streams.last().isStopped());
        }
    }

    @Test
    void aForkedGraphNeedsOneReceivingSectionPerSink() throws Exception {
        int opened = streams.opened().size();
        try (TestClient client = new TestClient(true)) {
            com.fasterxml.jackson.databind.node.ObjectNode body = client.offerBody("video");
            forkedGraph(body);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.offer(body));
            assertTrue(e.getMessage().startsWith("sdp: the graph has 2 sinks") && e.getMessage().contains(
                    "'output_1'"), e.getMessage());
        }
        assertEquals(opened + 1, streams.opened().size());
        assertTrue(streams.last().isStopped(), "the stream opened for the refused offer is closed again");
    }

    private static String sectionOf(String sdp, String mid) {
        for (String section : sdp.split("\r\nm=")) {
            if (section.contains("a=mid:" + mid + "\r\n")) {
                return section;
            }
        }
        return "";
    }

    @Test
    void iceServersAreEmptyInTests() {
        assertEquals(Map.of("iceServers", List.of()), service.iceServers());
    }
}
