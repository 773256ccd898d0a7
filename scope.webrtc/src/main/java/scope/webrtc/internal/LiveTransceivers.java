package scope.webrtc.internal;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;

/**
 * Finds a transceiver that may still be used. webrtc-java 0.14 hands out transceiver, sender and receiver objects
 * that point at native objects without owning them: once a section is rejected, libwebrtc stops its transceiver
 * and may delete it, and a call through an old handle crashes the JVM. So native calls on a transceiver's parts go
 * through a fresh lookup by mid, made just before the call.
 */
final class LiveTransceivers {
    private LiveTransceivers() {
    }

    /** The peer connection's transceiver with this mid if it is neither stopped nor negotiated as stopped, else null. */
    static RTCRtpTransceiver find(RTCPeerConnection pc, String mid) {
        for (RTCRtpTransceiver t : pc.getTransceivers()) {
            if (mid.equals(t.getMid())) {
                if (t.stopped() || t.getCurrentDirection() == RTCRtpTransceiverDirection.STOPPED) {
                    return null;
                }
                return t;
            }
        }
        return null;
    }
}
