package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The server's own SDP checks, without WebRTC: each refusal names what is wrong. */
class OfferChecksTest {
    private static final String OFFER = ChromiumOffers.videoSendRecv();
    // ordered as libwebrtc lists its capabilities, so the messages list them in that order
    private static final Set<String> CODECS = new LinkedHashSet<>(List.of("VP8", "VP9", "H264", "rtx"));
    private static final OfferChecks CHECKS = new OfferChecks(65536, 8, CODECS, CODECS);

    private static String refusal(String sdp) {
        return assertThrows(IllegalArgumentException.class, () -> CHECKS.check(sdp)).getMessage();
    }

    @Test
    void aRealChromiumOfferPasses() {
        assertDoesNotThrow(() -> CHECKS.check(OFFER));
        assertDoesNotThrow(() -> CHECKS.check(OFFER.replace("\r\n", "\n")), "bare LF line ends are accepted");
    }

    @Test
    void refusalsNameTheProblem() {
        assertEquals("sdp: 65537 characters, more than the limit of 65536 (max_sdp_bytes)",
                refusal(OFFER + "a=x:" + "y".repeat(65537 - OFFER.length() - 6) + "\r\n"));
        String video = ChromiumOffers.videoSection(OFFER);
        StringBuilder many = new StringBuilder(OFFER);
        for (int i = 0; i < 8; i++) {
            many.append(ChromiumOffers.withMid(video, "m" + i, "recvonly"));
        }
        assertEquals("sdp: more than 8 media sections (max_media_sections)", refusal(many.toString()));
        assertEquals("sdp: media section 1 (application) has no a=mid", refusal(OFFER.replace("a=mid:1\r\n", "")));
        assertEquals("sdp: media section 1 (application, mid 0) repeats a=mid:0",
                refusal(OFFER.replace("a=mid:1\r\n", "a=mid:0\r\n")));
        assertEquals("sdp: line 2 has a control or non-ASCII character (U+00E9) at column 5",
                refusal(OFFER.replace("o=- 7", "o=- \u00e97")));
        assertEquals("sdp: line 8 (media section 0): port must be a number from 0 to 65535, got 70000",
                refusal(OFFER.replace("m=video 9 ", "m=video 70000 ")));
        assertEquals("sdp: line 8 (media section 0): payload type must be a number from 0 to 127, got 300",
                refusal(OFFER.replace("SAVPF 96 97", "SAVPF 300 97")));
        assertEquals("sdp: line 8 (media section 0): kind 'text' is not supported (video, audio, application)",
                refusal(OFFER.replace("m=video ", "m=text ")));
        assertEquals("sdp: media section 0 (video, mid 0) has no a=fingerprint",
                refusal(OFFER.replaceAll("a=fingerprint:[^\r]*\r\n", "")));
        assertEquals("sdp: media section 0 (video, mid 0) offers no video codec this server supports (offered: FOO;"
                + " supported: VP8, VP9, H264)", refusal(OFFER.replace(video, ChromiumOffers.onlyCodec(video, "FOO"))));
        assertEquals("sdp: no video section can receive the output (needs a sendrecv or recvonly video section)",
                refusal(OFFER.replace("a=sendrecv", "a=sendonly")));
        assertEquals("sdp: line 3 is empty", refusal(OFFER.replace("s=-\r\n", "\r\n")));
        assertEquals("sdp: line 1 must be v=0", refusal("v=1" + OFFER.substring(3)));
    }

    @Test
    void aWhipOfferMustSendVideoAndNeedNotReceive() {
        String sendOnly = OFFER.replace("a=sendrecv", "a=sendonly");
        assertDoesNotThrow(() -> CHECKS.check(sendOnly, true), "OBS and GStreamer only send");
        assertDoesNotThrow(() -> CHECKS.check(OFFER, true));
        assertEquals("sdp: a WHIP offer must send video (no video section with direction sendonly or sendrecv)",
                assertThrows(IllegalArgumentException.class,
                        () -> CHECKS.check(OFFER.replace("a=sendrecv", "a=recvonly"), true)).getMessage());
        assertEquals("sdp: media section 0 (video, mid 0) has no a=fingerprint", assertThrows(
                IllegalArgumentException.class, () -> CHECKS.check(sendOnly.replaceAll("a=fingerprint:[^\r]*\r\n",
                        ""), true)).getMessage(), "every other check applies as to any offer");
    }

    @Test
    void codecsAreMatchedToTheDirectionTheyAreUsedIn() {
        OfferChecks receiveOnlyH264 = new OfferChecks(65536, 8, Set.of("VP8"), Set.of("VP8", "H264"));
        String video = ChromiumOffers.videoSection(OFFER);
        String h264Only = OFFER.replace(video, ChromiumOffers.onlyCodec(video, "H264"));
        // sendrecv: the server must be able to send it too
        assertThrows(IllegalArgumentException.class, () -> receiveOnlyH264.check(h264Only));
        String withRecvonlyOutput = ChromiumOffers.withExtraSection(h264Only.replace("a=sendrecv", "a=sendonly"),
                ChromiumOffers.withMid(video, "2", "recvonly"), "2");
        assertDoesNotThrow(() -> receiveOnlyH264.check(withRecvonlyOutput),
                "H264 from the client (which we can decode) and VP8 to it");
    }
}
