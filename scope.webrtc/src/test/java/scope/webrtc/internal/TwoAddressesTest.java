package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scope.webrtc.Answer;

/**
 * The media rules with two interface addresses, as on a machine with a LAN and a VPN address: this test JVM has its
 * own network namespace (one JVM per test class, see src/test/netns/bin/java), to which it adds a second address.
 */
class TwoAddressesTest {
    private static final String FIRST = "10.213.0.1";
    private static final String SECOND = "10.213.1.1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void secondAddress() throws Exception {
        Process p = new ProcessBuilder("ip", "addr", "add", SECOND + "/24", "dev", "scopetest0")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "adding " + SECOND + " to the test namespace: " + out);
    }

    private static Set<String> candidateAddresses(String sdp) {
        Set<String> addresses = new TreeSet<>();
        sdp.lines().filter(l -> l.startsWith("a=candidate:")).forEach(l -> addresses.add(l.split(" ")[4]));
        return addresses;
    }

    private static Set<String> answerAddresses(MediaAddresses media) throws Exception {
        SignalingSettings settings = Signalings.settings(Duration.ofSeconds(1)).withMedia(media);
        try (WebRtcSignalingService service = new WebRtcSignalingService(new GrayStreamService(), settings)) {
            Answer a = service.offer(ChromiumOffers.body(ChromiumOffers.videoSendRecv()));
            service.close(a.sessionId());
            return candidateAddresses(a.sdp());
        }
    }

    @Test
    void eachRuleNamesItsAddresses() throws Exception {
        assertEquals(Set.of(FIRST, SECOND), answerAddresses(MediaAddresses.any()), "libwebrtc gathers on both");
        assertEquals(Set.of(SECOND), answerAddresses(MediaAddresses.resolve(List.of(), null, SECOND)),
                "HTTP on the second address");
        assertEquals(Set.of(FIRST), answerAddresses(MediaAddresses.resolve(List.of(FIRST), null, "0.0.0.0")),
                "media_addresses");
        Set<String> local = answerAddresses(MediaAddresses.resolve(List.of(), null, "127.0.0.1"));
        assertEquals(1, local.size(), "loopback HTTP: one of this machine's addresses, " + local);
    }

    @Test
    void aClientConnectsToTheOneAddressNamed() throws Exception {
        SignalingSettings settings = Signalings.settings(Duration.ofSeconds(1))
                .withMedia(MediaAddresses.resolve(List.of(SECOND), null, null));
        try (WebRtcSignalingService service = new WebRtcSignalingService(new GrayStreamService(), settings);
                TestClient client = new TestClient(true)) {
            Answer a = service.offer(client.offerBody("video"));
            assertEquals(Set.of(SECOND), candidateAddresses(a.sdp()));
            client.acceptAnswer(a.sdp());
            Await.until(() -> client.framesReceived() >= 5, WAIT, "frames at the client");
            // the server does not pair with the client's candidates, so the path is where the client's checks
            // arrived: the one address named (before, libwebrtc connected from the other one)
            Await.until(() -> SECOND.equals(service.session(a.sessionId()).mediaPath()), WAIT,
                    "media from " + SECOND);
            long before = client.framesReceived();
            Await.until(() -> client.framesReceived() >= before + 10, WAIT, "frames keep flowing");
            assertTrue(service.session(a.sessionId()) != null, "the session stays up");
        }
    }
}
