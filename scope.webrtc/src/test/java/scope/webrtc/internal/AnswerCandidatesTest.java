package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import scope.webrtc.Answer;

/** A real answer names UDP host candidates only, on the namespace's address and in the configured port range. */
class AnswerCandidatesTest {
    @Test
    void udpOnlyInThePortRangeOnTheAllowedAddress() throws Exception {
        SignalingSettings settings = Signalings.settings(Duration.ofSeconds(1)).withMediaPorts(40000, 40100);
        try (WebRtcSignalingService service = new WebRtcSignalingService(new GrayStreamService(), settings)) {
            Answer a = service.offer(ChromiumOffers.body(ChromiumOffers.videoSendRecv()));
            List<String[]> candidates = a.sdp().lines().filter(l -> l.startsWith("a=candidate:"))
                    .map(l -> l.split(" ")).toList();
            assertFalse(candidates.isEmpty(), a.sdp());
            for (String[] c : candidates) {
                assertEquals("udp", c[2].toLowerCase(java.util.Locale.ROOT), String.join(" ", c));
                assertEquals("10.213.0.1", c[4], String.join(" ", c));
                int port = Integer.parseInt(c[5]);
                assertTrue(port >= 40000 && port <= 40100, "port in the media range: " + port);
            }
            assertTrue(a.sdp().lines().filter(l -> l.startsWith("c=")).allMatch("c=IN IP4 0.0.0.0"::equals), a.sdp());
            service.close(a.sessionId());
        }
    }
}
