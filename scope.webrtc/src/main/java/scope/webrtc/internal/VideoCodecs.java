package scope.webrtc.internal;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.media.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts VP8 first in a video transceiver's codec preferences (the stock frontend offers VP8 only). */
final class VideoCodecs {
    private static final Logger LOG = LoggerFactory.getLogger(VideoCodecs.class);

    private VideoCodecs() {
    }

    /** The names of the video codecs libwebrtc can send ({@code sender}) or receive, e.g. VP8, VP9, H264, AV1. */
    static java.util.Set<String> names(PeerConnectionFactory factory, boolean sender) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        List<RTCRtpCodecCapability> codecs = sender ? factory.getRtpSenderCapabilities(MediaType.VIDEO).getCodecs()
                : factory.getRtpReceiverCapabilities(MediaType.VIDEO).getCodecs();
        for (RTCRtpCodecCapability c : codecs) {
            names.add(c.getName());
        }
        return names;
    }

    static void preferVp8(PeerConnectionFactory factory, RTCRtpTransceiver transceiver) {
        List<RTCRtpCodecCapability> all = factory.getRtpReceiverCapabilities(MediaType.VIDEO).getCodecs();
        List<RTCRtpCodecCapability> ordered = new ArrayList<>();
        for (RTCRtpCodecCapability c : all) {
            if ("VP8".equalsIgnoreCase(c.getName())) {
                ordered.add(c);
            }
        }
        if (ordered.isEmpty()) {
            LOG.warn("VP8 is not among the video codecs; keeping libwebrtc's default order");
            return;
        }
        for (RTCRtpCodecCapability c : all) {
            if (!"VP8".equalsIgnoreCase(c.getName())) {
                ordered.add(c);
            }
        }
        try {
            transceiver.setCodecPreferences(ordered);
        } catch (RuntimeException e) {
            // Not fatal: the offer decides the codec set; the preference only orders it.
            LOG.warn("Could not set VP8 codec preference: {}", e.getMessage());
        }
    }
}
