package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import scope.webrtc.Answer;

/**
 * A client's data channels are untrusted input: more channels than the {@code parameters} one (same label or
 * another), channels closed at once, huge and binary messages. The server must stay up and the session go on with
 * its first channel. The client peer runs in this JVM, so a native abort in libwebrtc ends the test run (a crashed
 * fork), which is how a crash of the server shows here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnexpectedDataChannelsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

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

    private String connect(TestClient client) throws Exception {
        Answer answer = service.offer(client.offerBody("text"));
        client.acceptAnswer(answer.sdp());
        client.awaitChannelOpen();
        return answer.sessionId();
    }

    private static boolean isType(JsonNode m, String type) {
        return type.equals(m.path("type").asText());
    }

    /** The session is alive and its first channel still carries updates to the stream and replies back. */
    private void firstChannelStillWorks(TestClient client, String sessionId, String prompt) throws Exception {
        GrayStreamService.GrayStream stream = streams.last();
        int before = stream.updates().size();
        client.send("{\"prompts\":[{\"text\":\"" + prompt + "\",\"weight\":1}]}");
        Await.until(() -> stream.updates().size() > before, WAIT, "the update at the stream");
        assertEquals(prompt, stream.updates().get(before).path("prompts").path(0).path("text").asText());
        client.send("{\"noise_scale\":5}");
        assertNotNull(client.awaitMessage(m -> isType(m, "error"), WAIT), "an error reply on the first channel");
        assertFalse(service.session(sessionId).isClosed(), "the session goes on");
    }

    @Test
    void extraChannelsAreClosedAndTheFirstOneGoesOn() throws Exception {
        try (TestClient client = new TestClient(false)) {
            String sessionId = connect(client);
            RTCDataChannel sameLabel = client.openChannel(ParametersChannel.LABEL);
            RTCDataChannel otherLabel = client.openChannel("chat");
            Await.until(() -> sameLabel.getState() == RTCDataChannelState.CLOSED, WAIT,
                    "the server closes the second 'parameters' channel");
            Await.until(() -> otherLabel.getState() == RTCDataChannelState.CLOSED, WAIT,
                    "the server closes a channel it has no use for");
            firstChannelStillWorks(client, sessionId, "after extra channels");
            Await.until(() -> client.framesReceived() >= 5, WAIT, "frames still reach the client");
        }
    }

    @Test
    void aWhepViewersChannelsAreClosedAndItKeepsWatching() throws Exception {
        try (TestClient client = new TestClient(false); TestClient viewer = new TestClient(false)) {
            String sessionId = connect(client);
            Answer watch = service.view(sessionId, viewer.offerBody("text").get("sdp").asText(), null);
            viewer.acceptAnswer(watch.sdp());
            Await.until(() -> viewer.framesReceived() >= 5, WAIT, "the viewer receives the output");
            RTCDataChannel extra = viewer.openChannel("chat");
            Await.until(() -> extra.getState() == RTCDataChannelState.CLOSED, WAIT,
                    "the viewer's connection refuses data channels");
            long seen = viewer.framesReceived();
            Await.until(() -> viewer.framesReceived() > seen + 5, WAIT, "the viewer keeps receiving");
            assertEquals(1, service.session(sessionId).viewerCount());
            firstChannelStillWorks(client, sessionId, "while watched");
        }
    }

    @Test
    void channelsClosedAtOnceAndOddMessagesLeaveTheSessionRunning() throws Exception {
        try (TestClient client = new TestClient(false)) {
            String sessionId = connect(client);
            client.openChannel(ParametersChannel.LABEL).close(); // closed before it could open
            RTCDataChannel opened = client.openChannel("other");
            Await.until(() -> opened.getState() != RTCDataChannelState.CONNECTING, WAIT, "the other channel opens");
            opened.close();

            client.send("x".repeat(200_000)); // a large text message that is not JSON
            assertNotNull(client.awaitMessage(m -> isType(m, "error"), WAIT), "an error reply for the large message");
            byte[] noise = new byte[200_000];
            new Random(7).nextBytes(noise);
            client.sendBinary(noise); // binary, not even UTF-8
            assertNotNull(client.awaitMessage(m -> isType(m, "error"), WAIT), "an error reply for binary noise");
            client.send("[".repeat(100_000)); // nesting deep enough to overflow a recursive parser's stack
            assertNotNull(client.awaitMessage(m -> isType(m, "error"), WAIT), "an error reply for deep nesting");
            client.sendBinary("{\"noise_scale\":0.4}".getBytes(StandardCharsets.UTF_8));
            GrayStreamService.GrayStream stream = streams.last();
            Await.until(() -> stream.updates().stream().anyMatch(u -> u.path("noise_scale").asDouble() == 0.4), WAIT,
                    "a JSON update sent as a binary message is applied like a text one");

            firstChannelStillWorks(client, sessionId, "after odd messages");
            assertTrue(service.sessions().stream().anyMatch(s -> s.sessionId().equals(sessionId)));
        }
    }
}
