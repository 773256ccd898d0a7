package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import scope.webrtc.Answer;

/**
 * Offers with a video section libwebrtc rejects (answering {@code m=video 0}). Before the fix, the teardown after
 * such an answer crashed the JVM with SIGSEGV in webrtc-java's {@code RTCRtpSender.replaceTrack}; in-process, a
 * crash fails this test run.
 */
class RejectedSectionTest {
    private static final String OFFER = ChromiumOffers.videoSendRecv();

    private static String unknownCodecOnly() {
        String video = ChromiumOffers.videoSection(OFFER);
        return OFFER.replace(video, ChromiumOffers.onlyCodec(video, "FOO"));
    }

    @Test
    void unknownCodecOrProtocolIsRefusedBeforeLibwebrtcSeesIt() throws Exception {
        GrayStreamService streams = new GrayStreamService();
        try (WebRtcSignalingService service = new WebRtcSignalingService(streams,
                Signalings.settings(Duration.ofSeconds(1)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> service.offer(ChromiumOffers.body(unknownCodecOnly())));
            assertTrue(e.getMessage().startsWith("sdp: media section 0 (video, mid 0) offers no video codec"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("offered: FOO") && e.getMessage().contains("VP8"), e.getMessage());

            e = assertThrows(IllegalArgumentException.class, () -> service.offer(ChromiumOffers.body(
                    OFFER.replace("m=video 9 UDP/TLS/RTP/SAVPF ", "m=video 9 UDP/TLS/RTP/SAVPFX "))));
            assertTrue(e.getMessage().contains("protocol 'UDP/TLS/RTP/SAVPFX' is not a secure RTP transport"),
                    e.getMessage());
            assertEquals(0, streams.opened().size(), "nothing was created for a refused offer");
            assertTrue(service.sessions().isEmpty());
        }
    }

    /** Checks that let FOO through: libwebrtc itself rejects the section, and nothing may touch it afterwards. */
    private static OfferChecks lettingThrough(WebRtcSignalingService probe, String codec) {
        Set<String> send = new HashSet<>(probe.videoCodecs(true));
        Set<String> receive = new HashSet<>(probe.videoCodecs(false));
        send.add(codec);
        receive.add(codec);
        return new OfferChecks(65536, 8, send, receive);
    }

    @Test
    void aRejectedOutputSectionIsA400AndTeardownLeavesItAlone() throws Exception {
        GrayStreamService streams = new GrayStreamService();
        OfferChecks permissive;
        try (WebRtcSignalingService probe = new WebRtcSignalingService(streams, Signalings.settings(Duration.ZERO))) {
            permissive = lettingThrough(probe, "FOO");
        }
        try (WebRtcSignalingService service = new WebRtcSignalingService(streams,
                Signalings.settings(Duration.ofSeconds(1)), new ObservedKeyframeRequests(), permissive)) {
            for (int i = 0; i < 3; i++) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> service.offer(ChromiumOffers.body(unknownCodecOnly())));
                assertEquals("sdp: the video section (mid 0) that would carry the output was rejected by the WebRTC "
                        + "stack", e.getMessage());
            }
            assertTrue(streams.opened().stream().allMatch(GrayStreamService.GrayStream::isStopped));
            assertTrue(service.sessions().isEmpty());
        }
        assertEquals(List.of(), Await.moduleThreads());
    }

    @Test
    void aRejectedInboundSectionIsAnsweredAsRejectedAndTheSessionClosesCleanly() throws Exception {
        GrayStreamService streams = new GrayStreamService();
        OfferChecks permissive;
        try (WebRtcSignalingService probe = new WebRtcSignalingService(streams, Signalings.settings(Duration.ZERO))) {
            permissive = lettingThrough(probe, "FOO");
        }
        String extra = ChromiumOffers.onlyCodec(ChromiumOffers.withMid(ChromiumOffers.videoSection(OFFER), "2",
                "sendonly"), "FOO");
        String offer = ChromiumOffers.withExtraSection(OFFER, extra, "2");
        try (WebRtcSignalingService service = new WebRtcSignalingService(streams,
                Signalings.settings(Duration.ofSeconds(1)), new ObservedKeyframeRequests(), permissive)) {
            Answer a = service.offer(ChromiumOffers.body(offer));
            assertEquals(Set.of("2"), OfferedMedia.rejectedMids(a.sdp()), a.sdp());
            assertEquals(1, service.session(a.sessionId()).inbound().size(), "only the accepted section is received");
            assertEquals("0", service.session(a.sessionId()).inbound().get(0).mid());
            service.close(a.sessionId());
            // and the same through the service's own teardown
            Answer b = service.offer(ChromiumOffers.body(offer));
            assertTrue(service.session(b.sessionId()) != null);
        }
        assertEquals(List.of(), Await.moduleThreads());
    }
}
