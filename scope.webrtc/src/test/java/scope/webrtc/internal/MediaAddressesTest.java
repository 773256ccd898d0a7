package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which candidates an answer keeps. Runs in the test namespace, whose only non-loopback address is 10.213.0.1
 * (see src/test/netns/bin/java).
 */
class MediaAddressesTest {
    private static final String OWN = "10.213.0.1";
    private static final String ANSWER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=video 50000 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 192.0.2.7\r\na=rtcp:9 IN IP4 192.0.2.7\r\n"
            + "a=candidate:1 1 udp 2122260223 192.0.2.7 50000 typ host generation 0\r\n"
            + "a=candidate:2 1 udp 2122194687 " + OWN + " 50001 typ host generation 0\r\n"
            + "a=candidate:3 1 udp 1686052607 198.51.100.9 61000 typ srflx raddr 192.0.2.7 rport 50000\r\n"
            + "a=candidate:4 1 udp 41885439 203.0.113.5 3478 typ relay raddr 198.51.100.9 rport 61000\r\n"
            + "a=mid:0\r\n"
            + "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n";

    private static List<String> candidates(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("a=candidate:")).map(l -> l.split(" ")[4]).toList();
    }

    @Test
    void loopbackHttpDisclosesOneOfThisMachinesOwnAddresses() {
        MediaAddresses media = MediaAddresses.resolve(List.of(), null, "127.0.0.1");
        assertEquals(MediaAddresses.Mode.THIS_MACHINE, media.mode());
        String filtered = media.filterAnswer(ANSWER);
        assertEquals(List.of(OWN, "203.0.113.5"), candidates(filtered), "own host address and the TURN relay");
        assertFalse(filtered.contains("192.0.2.7"), "no trace of the other address: " + filtered);
        assertTrue(filtered.contains("m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0"));
        assertTrue(filtered.contains("m=application 0 "), "a rejected section keeps port 0");
        assertEquals(MediaAddresses.Mode.THIS_MACHINE, MediaAddresses.resolve(List.of(), "", "localhost").mode());
        assertEquals(MediaAddresses.Mode.THIS_MACHINE, MediaAddresses.resolve(List.of(), null, "[::1]").mode());
    }

    @Test
    void aSpecificAddressOrTheConfigurationDecides() {
        MediaAddresses http = MediaAddresses.resolve(List.of(), null, "192.0.2.7");
        assertEquals(List.of("192.0.2.7", "198.51.100.9", "203.0.113.5"), candidates(http.filterAnswer(ANSWER)),
                "host, its server-reflexive mapping and the relay");
        MediaAddresses configured = MediaAddresses.resolve(List.of(OWN), "192.0.2.7", "0.0.0.0");
        assertEquals(List.of(OWN, "203.0.113.5"), candidates(configured.filterAnswer(ANSWER)),
                "media_addresses wins over SCOPE_MEDIA_ADDRESS and the HTTP address");
        MediaAddresses environment = MediaAddresses.resolve(List.of(""), "192.0.2.7, " + OWN, "127.0.0.1");
        assertEquals(List.of("192.0.2.7", OWN, "198.51.100.9", "203.0.113.5"),
                candidates(environment.filterAnswer(ANSWER)));
        assertEquals(ANSWER, MediaAddresses.resolve(List.of(), null, "0.0.0.0").filterAnswer(ANSWER),
                "HTTP on every address: nothing filtered");
        assertEquals(ANSWER, MediaAddresses.resolve(List.of("*"), null, "127.0.0.1").filterAnswer(ANSWER));
    }

    @Test
    void nothingLeftOrBadEntriesAreClearErrors() {
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> MediaAddresses.resolve(List.of("192.0.2.99"), null, null).filterAnswer(ANSWER.replaceAll(
                        "a=candidate:4[^\r]*\r\n", "")));
        assertTrue(none.getMessage().startsWith("no ICE candidate on [/192.0.2.99] (media_addresses [192.0.2.99]);"
                + " libwebrtc gathered [192.0.2.7, 10.213.0.1, 198.51.100.9]"), none.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> MediaAddresses.resolve(List.of("eth0"), null, null));
        assertEquals("media_addresses: 'eth0' is not an IP address", bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class, () -> MediaAddresses.resolve(List.of(), "127.0.0.1", null));
        assertTrue(bad.getMessage().startsWith("SCOPE_MEDIA_ADDRESS: 127.0.0.1 cannot carry media"), bad.getMessage());
    }

    @Test
    void theConnectedPathIsCheckedByTheSameRule() {
        MediaAddresses local = MediaAddresses.resolve(List.of(), null, "127.0.0.1");
        assertTrue(local.allowsLocal("host", OWN, null));
        assertFalse(local.allowsLocal("host", "192.0.2.7", null), "not an address of this machine");
        assertTrue(local.allowsLocal("prflx", "198.51.100.9", OWN), "peer-reflexive: by its base");
        MediaAddresses listed = MediaAddresses.resolve(List.of("192.0.2.7"), null, null);
        assertTrue(listed.allowsLocal("srflx", "198.51.100.9", "192.0.2.7"));
        assertFalse(listed.allowsLocal("host", OWN, null));
        assertTrue(listed.allowsLocal("relay", "203.0.113.5", "198.51.100.9"));
        assertFalse(listed.allowsLocal("host", "null", null), "unreadable statistics are not allowed");
    }

    @Test
    void listedAddressesDoNotUseTheClientsCandidates() {
        assertTrue(MediaAddresses.resolve(List.of(OWN), null, null).ignoresRemoteCandidates());
        assertFalse(MediaAddresses.resolve(List.of(), null, "127.0.0.1").ignoresRemoteCandidates());
        assertFalse(MediaAddresses.any().ignoresRemoteCandidates());
        String offer = "v=0\r\na=mid:0\r\na=candidate:1 1 udp 1 192.0.2.7 5 typ host\r\na=end-of-candidates\r\n"
                + "a=candidate:2 1 udp 1 192.0.2.8 5 typ host";
        assertEquals("v=0\r\na=mid:0\r\na=end-of-candidates\r\n", MediaAddresses.withoutCandidates(offer));
    }
}
