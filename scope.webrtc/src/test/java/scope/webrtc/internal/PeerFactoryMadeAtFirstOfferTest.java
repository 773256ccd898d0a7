package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import scope.webrtc.Answer;

/** libwebrtc starts at the first offer, not with the service; a closed service makes no factory any more. */
class PeerFactoryMadeAtFirstOfferTest {
    @Test
    void theServiceStartsWithoutLibwebrtcAndMakesItForTheFirstOffer() throws Exception {
        WebRtcSignalingService service = new WebRtcSignalingService(new GrayStreamService(),
                Signalings.settings(Duration.ofSeconds(5)));
        try (TestClient client = new TestClient(true)) {
            assertFalse(service.peerFactoryMade(), "no libwebrtc before an offer");
            service.iceServers();
            service.sessions();
            assertFalse(service.peerFactoryMade(), "requests that need no peer connection do not start it");
            Answer a = service.offer(client.offerBody("video"));
            assertNotNull(a.sdp());
            assertTrue(service.peerFactoryMade());
        } finally {
            service.close();
        }
        assertFalse(service.peerFactoryMade(), "disposed on close");
    }

    @Test
    void aClosedFactoryIsNotMadeAgain() {
        PeerFactory factory = new PeerFactory();
        factory.close();
        assertThrows(IllegalStateException.class, factory::get);
        assertFalse(factory.isMade());
    }
}
