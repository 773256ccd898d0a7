package scope.webrtc;

import java.util.Objects;

/**
 * The reply to an offer, serialised as is: {@code {"sdp":"v=0...","type":"answer","sessionId":"<uuid>"}}.
 *
 * @param sdp       the complete answer SDP, ICE candidates included
 * @param type      always {@code "answer"}
 * @param sessionId the id that PATCH and DELETE use
 */
public record Answer(String sdp, String type, String sessionId) {
    public Answer {
        Objects.requireNonNull(sdp, "sdp");
        Objects.requireNonNull(sessionId, "sessionId");
        if (!"answer".equals(type)) {
            throw new IllegalArgumentException("type must be answer: " + type);
        }
    }

    public Answer(String sdp, String sessionId) {
        this(sdp, "answer", sessionId);
    }
}
