package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offer bodies, the offer's media directions and trickle bodies, without any WebRTC. */
class OfferParsingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=sendrecv\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:1\r\na=recvonly\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:2\r\n"
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:3\r\n";

    private static String message(String body) {
        return assertThrows(IllegalArgumentException.class, () -> OfferRequest.parse(JSON.readTree(body)))
                .getMessage();
    }

    @Test
    void malformedOffersNameTheField() {
        assertTrue(message("[]").startsWith("body"));
        assertTrue(message("{\"sdp\":\"v=0\\nm=video\"}").startsWith("type: missing"));
        assertTrue(message("{\"sdp\":\"v=0\\nm=video\",\"type\":\"answer\"}").startsWith("type: must be"));
        assertTrue(message("{\"sdp\":\"v=0\\nm=video\",\"type\":7}").startsWith("type: must be"));
        assertTrue(message("{\"type\":\"offer\"}").startsWith("sdp: missing"));
        assertTrue(message("{\"type\":\"offer\",\"sdp\":42}").startsWith("sdp: must be a string"));
        assertTrue(message("{\"type\":\"offer\",\"sdp\":\"hello\"}").startsWith("sdp: not a session description"));
        assertTrue(message("{\"type\":\"offer\",\"sdp\":\"v=0\\nm=video\",\"initialParameters\":[1]}")
                .startsWith("initialParameters"));
    }

    @Test
    void aGoodOfferKeepsItsInitialParameters() throws Exception {
        OfferRequest ok = OfferRequest.parse(JSON.readTree(
                "{\"type\":\"offer\",\"sdp\":\"v=0\\nm=video\",\"initialParameters\":{\"input_mode\":\"text\"},"
                        + "\"user_id\":null}"));
        assertEquals("text", ok.initialParameters().path("input_mode").asText());
        assertNull(OfferRequest.parse(JSON.readTree("{\"type\":\"offer\",\"sdp\":\"v=0\\nm=video\"}"))
                .initialParameters());
    }

    @Test
    void mediaDirectionsComeFromTheOffer() {
        List<OfferedMedia> media = OfferedMedia.parse(SDP);
        assertEquals(4, media.size());
        assertEquals(new OfferedMedia("video", "0", "sendrecv"), media.get(0));
        assertTrue(media.get(0).clientSends() && media.get(0).clientReceives());
        assertEquals("recvonly", media.get(1).direction());
        assertFalse(media.get(1).clientSends());
        assertEquals("sendrecv", media.get(2).direction(), "no attribute means sendrecv");
        assertEquals("application", media.get(3).kind());
    }

    @Test
    void trickleBodies() throws Exception {
        var list = TrickleCandidates.parse(JSON.readTree("{\"candidates\":[{\"candidate\":"
                + "\"a=candidate:1 1 udp 2122260223 10.213.0.1 54400 typ host generation 0\",\"sdpMid\":\"0\","
                + "\"sdpMLineIndex\":0},{\"candidate\":\"\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}]}"));
        assertEquals(1, list.size(), "the end-of-candidates marker is skipped");
        assertEquals("candidate:1 1 udp 2122260223 10.213.0.1 54400 typ host generation 0", list.get(0).candidate().sdp);
        assertEquals("0", list.get(0).candidate().sdpMid);

        assertThrows(IllegalArgumentException.class, () -> TrickleCandidates.parse(JSON.readTree("{}")));
        assertThrows(IllegalArgumentException.class, () -> TrickleCandidates.parse(JSON.readTree(
                "{\"candidates\":[{\"candidate\":\"candidate:1 1 udp x 10.0.0.1 1 typ host\",\"sdpMid\":\"0\"}]}")));
        assertThrows(IllegalArgumentException.class, () -> TrickleCandidates.parse(JSON.readTree(
                "{\"candidates\":[{\"candidate\":\"candidate:1 1 udp 1 10.0.0.1 1 typ host\"}]}")));
        assertThrows(IllegalArgumentException.class, () -> TrickleCandidates.parse(JSON.readTree(
                "{\"candidates\":[{\"candidate\":5,\"sdpMid\":\"0\"}]}")));
    }
}
