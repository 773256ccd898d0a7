package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import scope.api.Frame;
import scope.runtime.schema.ValidationException;
import scope.webrtc.Answer;
import scope.webrtc.SessionInfo;
import scope.webrtc.SessionNotFoundException;

/**
 * WHIP ingest and WHEP viewers over real libwebrtc, with Java client peers in the test namespace: an ingest session
 * takes the client's video and sends it nothing; viewers get the session's output on connections of their own,
 * without taking it from the session's own client; viewers end on request and with their session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhipWhepSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GrayStreamService streams = new GrayStreamService();
    private WebRtcSignalingService service;

    @BeforeAll
    void start() {
        service = new WebRtcSignalingService(streams, Signalings.settings(Duration.ofMillis(500)));
    }

    @AfterAll
    void stop() {
        service.close();
    }

    private static ObjectNode grayVideo() {
        ObjectNode p = JSON.createObjectNode().put("input_mode", "video");
        p.putArray("pipeline_ids").add("gray");
        return p;
    }

    private static boolean isGray(int[] chroma) {
        return chroma != null && Math.abs(chroma[0] - 128) <= 6 && Math.abs(chroma[1] - 128) <= 6;
    }

    private SessionInfo info(String id) {
        return service.sessions().stream().filter(s -> s.sessionId().equals(id)).findFirst().orElse(null);
    }

    @Test
    void ingestFeedsTheStreamAndViewersSeeItsOutput() throws Exception {
        try (TestClient sender = new TestClient(true); TestClient viewer = new TestClient(false)) {
            Answer ingest = service.ingest(sender.offerBody("video").get("sdp").asText(), grayVideo(), "10.0.0.1");
            sender.acceptAnswer(ingest.sdp());
            Await.until(() -> info(ingest.sessionId()) != null && info(ingest.sessionId()).framesReceived() >= 10,
                    WAIT, "the ingest session receives the client's video");
            Frame input = streams.last().lastInput();
            assertNotNull(input);
            assertTrue((input.rgb()[0] & 255) > (input.rgb()[1] & 255) + 100, "input arrives in colour");
            assertTrue(service.session(ingest.sessionId()).ingest());

            Answer watch = service.view(ingest.sessionId(), viewer.offerBody("text").get("sdp").asText(), "10.0.0.2");
            viewer.acceptAnswer(watch.sdp());
            Await.until(() -> viewer.framesReceived() >= 10, WAIT, "the viewer receives the output");
            assertTrue(isGray(viewer.lastChroma()), "the viewer sees the gray output");
            assertEquals(0, sender.framesReceived(), "the WHIP client is sent nothing");
            assertEquals(1, service.session(ingest.sessionId()).viewerCount());

            service.closeViewer(ingest.sessionId(), watch.sessionId());
            assertEquals(0, service.session(ingest.sessionId()).viewerCount());
            assertThrows(SessionNotFoundException.class, () -> service.closeViewer(ingest.sessionId(),
                    watch.sessionId()), "a closed viewer is gone");
            Await.until(() -> viewer.state() == RTCPeerConnectionState.CLOSED
                    || viewer.state() == RTCPeerConnectionState.FAILED
                    || viewer.state() == RTCPeerConnectionState.DISCONNECTED, WAIT, "the viewer's connection ends");
            service.close(ingest.sessionId());
        }
    }

    @Test
    void aViewerDoesNotTakeFramesFromTheSessionsOwnClient() throws Exception {
        try (TestClient client = new TestClient(true); TestClient viewer = new TestClient(false)) {
            Answer answer = service.offer(client.offerBody("video"));
            client.acceptAnswer(answer.sdp());
            client.awaitChannelOpen();
            Await.until(() -> client.framesReceived() >= 10, WAIT, "the client's own output");
            Answer watch = service.view(answer.sessionId(), viewer.offerBody("text").get("sdp").asText(), null);
            viewer.acceptAnswer(watch.sdp());
            Await.until(() -> viewer.framesReceived() >= 10, WAIT, "the viewer's copy");
            long before = client.framesReceived();
            Await.until(() -> client.framesReceived() >= before + 20, WAIT, "the client keeps receiving");
            assertTrue(isGray(client.lastChroma()) && isGray(viewer.lastChroma()), "both see the gray output");

            // the session ends: its viewer with it, before the shared track is disposed
            service.close(answer.sessionId());
            assertThrows(SessionNotFoundException.class, () -> service.closeViewer(answer.sessionId(),
                    watch.sessionId()));
            Await.until(() -> viewer.state() != RTCPeerConnectionState.CONNECTED, WAIT, "the viewer is cut off");
        }
    }

    @Test
    void parametersChangeFromOutsideTheDataChannelWithTheSameValidation() throws Exception {
        try (TestClient sender = new TestClient(true)) {
            Answer ingest = service.ingest(sender.offerBody("video").get("sdp").asText(), grayVideo(), null);
            sender.acceptAnswer(ingest.sdp());
            GrayStreamService.GrayStream stream = streams.last();
            service.updateParameters(ingest.sessionId(), JSON.readTree("{\"noise_scale\":0.5}"));
            assertEquals(0.5, stream.updates().get(stream.updates().size() - 1).path("noise_scale").asDouble());
            int applied = stream.updates().size();
            assertThrows(ValidationException.class, () -> service.updateParameters(ingest.sessionId(),
                    JSON.readTree("{\"noise_scale\":5}")));
            assertEquals(applied, stream.updates().size(), "an invalid update changes nothing");
            assertThrows(SessionNotFoundException.class, () -> service.updateParameters("nope",
                    JSON.readTree("{\"noise_scale\":0.5}")));
            service.close(ingest.sessionId());
        }
    }

    @Test
    void offersThatCannotWorkAreRefusedNamingWhy() throws Exception {
        int live = service.sessions().size();
        try (TestClient receiveOnly = new TestClient(false)) {
            String sdp = receiveOnly.offerBody("text").get("sdp").asText();
            IllegalArgumentException noVideo = assertThrows(IllegalArgumentException.class,
                    () -> service.ingest(sdp, grayVideo(), null));
            assertTrue(noVideo.getMessage().startsWith("sdp: a WHIP offer must send video"), noVideo.getMessage());
            assertThrows(SessionNotFoundException.class, () -> service.view("no-such-session", sdp, null));
            IllegalArgumentException notSdp = assertThrows(IllegalArgumentException.class,
                    () -> service.ingest("hello", null, null));
            assertTrue(notSdp.getMessage().startsWith("sdp: "), notSdp.getMessage());
        }
        assertEquals(live, service.sessions().size(), "a refused offer leaves no session behind");
    }
}
