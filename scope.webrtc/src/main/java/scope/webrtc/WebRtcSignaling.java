package scope.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;
import scope.runtime.schema.ValidationException;

/**
 * WebRTC signalling for the HTTP endpoints of spec section 1.5. Thread-safe.
 *
 * <p>Session lifecycle: {@link #offer} opens a stream, creates the server peer connection, waits (bounded) for ICE
 * gathering and returns a complete answer; the session is registered under its {@code sessionId} before the answer
 * is returned, so trickled candidates can follow at once. A session ends when the client closes its peer connection
 * (connection state closed/failed or the data channel closes), when {@link #close} is called, when the stream stops
 * (after a short grace period that lets {@code stream_stopped} reach the client), when the input loop gives up,
 * or when it has not connected within {@code connect_timeout_ms} of its answer.
 * Ending a session closes its stream and releases every native resource it held.
 */
@ProviderType
public interface WebRtcSignaling {

    /** {@code GET /api/v1/webrtc/ice-servers}: {@code {"iceServers":[{"urls":[...],"username":...,"credential":...}]}}. */
    Map<String, Object> iceServers();

    /**
     * {@code POST /api/v1/webrtc/offer} from a client whose address is not known: only the cap on all sessions
     * applies.
     *
     * @see #offer(JsonNode, String)
     */
    default Answer offer(JsonNode body) throws ValidationException {
        return offer(body, null);
    }

    /**
     * {@code POST /api/v1/webrtc/offer}.
     *
     * @param body          {@code {"sdp":..., "type":"offer", "initialParameters":{...}, ...}}
     * @param clientAddress the HTTP client's address, counted against {@code max_sessions_per_client}; null when
     *                      unknown
     * @return the complete (non-trickle) answer with the new session's id
     * @throws IllegalArgumentException the offer is malformed (missing/invalid {@code sdp}, {@code type} other than
     *                                  {@code offer}, {@code initialParameters} not an object, SDP that fails the
     *                                  server's checks or is rejected by the WebRTC stack); the message starts with
     *                                  the field ({@code sdp: ...}) and names the line or media section. HTTP: 400
     * @throws SessionLimitException    a session cap is reached; HTTP: 429 (per client) or 503 (all sessions)
     * @throws ValidationException      {@code initialParameters} are invalid; HTTP: 422 with the field errors
     * @throws IllegalStateException    no stream can be opened, e.g. "Pipeline not loaded. Please load pipeline
     *                                  first."; HTTP: 400 with the message
     * @throws RuntimeException         anything else (WebRTC failure); HTTP: 500 with the message
     */
    Answer offer(JsonNode body, String clientAddress) throws ValidationException;

    /**
     * {@code PATCH /api/v1/webrtc/offer/{sessionId}}: adds trickled candidates
     * ({@code {"candidates":[{"candidate":..., "sdpMid":..., "sdpMLineIndex":...}]}}).
     *
     * @throws SessionNotFoundException the session is unknown, closed or failed; HTTP: 404
     * @throws IllegalArgumentException a candidate cannot be parsed or libwebrtc refuses it; the message names the
     *                                  field ({@code candidates[0].candidate: ...}). HTTP: 400
     */
    void addCandidates(String sessionId, JsonNode body);

    /** {@code DELETE /api/v1/webrtc/offer/{sessionId}}: ends the session; unknown ids are ignored. HTTP: 204. */
    void close(String sessionId);

    /** The live sessions, for status pages. */
    List<SessionInfo> sessions();
}
