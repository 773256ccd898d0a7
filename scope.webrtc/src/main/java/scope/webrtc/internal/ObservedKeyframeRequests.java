package scope.webrtc.internal;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key frame requests this stack can really make: none are sent from Java, they are observed.
 *
 * <p>webrtc-java 0.14.0 has no call that sends an RTCP PLI or FIR: {@code RTCRtpReceiver} exposes its track,
 * transport, parameters and sources only, and nothing reaches libwebrtc's {@code RequestKeyFrame}. libwebrtc's
 * video receive stream sends PLI by itself when its decoder has no key frame to start from, after losses that NACK
 * cannot repair and after native decode failures - which is where real decode errors happen, before a frame ever
 * reaches Java. Errors seen in Java (conversion, hand-off to the stream) do not break the decoder's reference
 * chain, so a key frame would not cure them. What this class does on every request: read the receiver's
 * {@code inbound-rtp} statistics and log libwebrtc's own {@code pliCount}, {@code firCount} and
 * {@code keyFramesDecoded}, so that the key frame traffic is visible.
 */
final class ObservedKeyframeRequests implements KeyframeRequests {
    private static final Logger LOG = LoggerFactory.getLogger(ObservedKeyframeRequests.class);

    @Override
    public void request(RTCPeerConnection pc, RTCRtpReceiver receiver, int trackIndex, String reason) {
        pc.getStats(receiver, report -> {
            for (RTCStats stats : report.getStats().values()) {
                if (stats.getType() == RTCStatsType.INBOUND_RTP) {
                    var a = stats.getAttributes();
                    LOG.info("Key frame wanted on inbound video track {} ({}); libwebrtc sends PLI itself: "
                            + "pliCount={} firCount={} keyFramesDecoded={} framesDecoded={}", trackIndex, reason,
                            a.get("pliCount"), a.get("firCount"), a.get("keyFramesDecoded"), a.get("framesDecoded"));
                    return;
                }
            }
            LOG.info("Key frame wanted on inbound video track {} ({}); no inbound-rtp statistics yet", trackIndex,
                    reason);
        });
    }
}
