package scope.webrtc.internal;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpReceiver;

/**
 * Asks for a key frame on an inbound video track: at session start and after input errors (spec 5.2, seeds 003).
 */
interface KeyframeRequests {
    /**
     * Called only while the peer connection is open.
     *
     * @param pc       the session's peer connection
     * @param receiver the receiver of the inbound track
     * @param trackIndex its position among the session's inbound video tracks
     * @param reason why (logged)
     */
    void request(RTCPeerConnection pc, RTCRtpReceiver receiver, int trackIndex, String reason);
}
