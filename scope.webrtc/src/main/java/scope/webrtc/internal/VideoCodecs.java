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
