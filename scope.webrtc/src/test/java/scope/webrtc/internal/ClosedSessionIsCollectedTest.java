package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import scope.webrtc.Answer;

/**
 * A closed session is garbage: libwebrtc keeps every observer and sink it was handed for good, and before they were
 * detachable forwarders each of them kept the whole session (its stream, queues and frames) alive.
 */
class ClosedSessionIsCollectedTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void nothingKeepsAClosedVideoSessionAlive() throws Exception {
        GrayStreamService streams = new GrayStreamService();
        WebRtcSignalingService service = new WebRtcSignalingService(streams, Signalings.settings(Duration.ofSeconds(5)));
        try (TestClient client = new TestClient(true)) {
            Answer a = service.offer(client.offerBody("video"));
            client.acceptAnswer(a.sdp());
            Await.until(() -> client.framesReceived() >= 3, WAIT, "streaming both ways");
            Await.until(() -> !client.drainMessages().isEmpty(), WAIT, "a message on the data channel (it is adopted)");
            WeakReference<Session> session = new WeakReference<>(service.session(a.sessionId()));
            assertNotNull(session.get());

            service.close(a.sessionId());
            Await.until(() -> service.session(a.sessionId()) == null, WAIT, "session teardown");
            streams.opened().clear(); // the fake stream service keeps its streams, and a stream its listener
            for (int i = 0; i < 50 && session.get() != null; i++) {
                System.gc();
                Thread.sleep(100);
            }
            assertNull(session.get(), "the closed session is still reachable (from libwebrtc's references?)");
        } finally {
            service.close();
        }
    }
}
