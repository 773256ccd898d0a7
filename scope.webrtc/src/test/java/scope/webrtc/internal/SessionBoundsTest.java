package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import scope.webrtc.Answer;
import scope.webrtc.SessionLimitException;

/** Sessions that never connect are closed after the connect timeout; caps in all and per client. */
class SessionBoundsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void unconnectedSessionsAreClosedAndCapsHold() throws Exception {
        GrayStreamService streams = new GrayStreamService();
        // nobody answers the ICE checks of these offers: no session ever connects
        SignalingSettings settings = Signalings.settings(Duration.ofSeconds(1))
                .withConnectTimeout(Duration.ofMillis(1500))
                .withLimits(new SignalingSettings.Limits(3, 2, 65536, 8));
        String offer = ChromiumOffers.videoSendRecv();
        try (WebRtcSignalingService service = new WebRtcSignalingService(streams, settings)) {
            Answer a1 = service.offer(ChromiumOffers.body(offer), "10.0.0.5");
            service.offer(ChromiumOffers.body(offer), "10.0.0.5");
            SessionLimitException perClient = assertThrows(SessionLimitException.class,
                    () -> service.offer(ChromiumOffers.body(offer), "10.0.0.5"));
            assertTrue(perClient.perClient());
            assertTrue(perClient.getMessage().contains("from 10.0.0.5") && perClient.getMessage()
                    .contains("max_sessions_per_client"), perClient.getMessage());
            service.offer(ChromiumOffers.body(offer), "10.0.0.6");
            SessionLimitException total = assertThrows(SessionLimitException.class,
                    () -> service.offer(ChromiumOffers.body(offer), "10.0.0.7"));
            assertFalse(total.perClient());
            assertTrue(total.getMessage().contains("the limit is 3 (max_sessions)"), total.getMessage());
            assertEquals(3, service.sessions().size());
            assertTrue(Await.moduleThreads().contains(Threads.name("out", a1.sessionId())));

            Await.until(() -> service.sessions().isEmpty(), WAIT, "unconnected sessions to be closed");
            Await.until(() -> Await.moduleThreads().equals(List.of(Threads.PREFIX + "sessions")), WAIT,
                    "their threads to end: " + Await.moduleThreads());
            assertTrue(streams.opened().stream().allMatch(GrayStreamService.GrayStream::isStopped));

            // the slots are free again
            service.offer(ChromiumOffers.body(offer), "10.0.0.5");
            service.offer(ChromiumOffers.body(offer), "10.0.0.5");
        }
        assertEquals(List.of(), Await.moduleThreads());
    }
}
