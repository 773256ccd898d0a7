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

    /**
     * WHIP ingest (RFC 9725): a session fed by a client that only sends - OBS Studio, GStreamer's {@code whipsink}.
     * The offer goes through the same checks as {@link #offer}; it must send video, needs no data channel and
     * receives nothing: the session's output plays through {@link #view} (WHEP). Otherwise it is a normal session,
     * its parameters changed by {@link #updateParameters}.
     *
     * @param sdp               the offer SDP (the request body)
     * @param initialParameters as the offer's {@code initialParameters} ({@code pipeline_ids}, prompts, ...); null
     *                          for the loaded pipelines with their defaults
     * @param clientAddress     as in {@link #offer(JsonNode, String)}
     * @return the complete answer and the new session's id
     * @throws IllegalArgumentException as {@link #offer(JsonNode, String)}, and when the offer sends no video
     * @since 1.2
     */
    Answer ingest(String sdp, JsonNode initialParameters, String clientAddress) throws ValidationException;

    /**
     * WHEP egress: a viewer of a live session's output, on a peer connection of its own that carries the same
     * track the session sends (libwebrtc encodes it once per viewer); the session's own client loses nothing. The
     * viewer ends with the session, on {@link #closeViewer}, or when its connection closes or fails.
     *
     * @param sessionId     the session to watch (output 0)
     * @param sdp           the viewer's offer: a video section it receives on (recvonly or sendrecv)
     * @param clientAddress counted against the per-client cap like a session
     * @return the complete answer; {@link Answer#sessionId()} is the new viewer's id
     * @throws SessionNotFoundException no such live session; HTTP 404
     * @throws IllegalArgumentException the offer is malformed or has no video section that receives; HTTP 400
     * @throws SessionLimitException    a cap is reached
     * @since 1.2
     */
    Answer view(String sessionId, String sdp, String clientAddress);

    /**
     * Ends a WHEP viewer.
     *
     * @throws SessionNotFoundException no such viewer of that session; HTTP 404
     * @since 1.2
     */
    void closeViewer(String sessionId, String viewerId);

    /**
     * Changes a live session's runtime parameters from outside its data channel (the HTTP API, OSC): the same
     * message and validation as a data-channel {@code parameters} message.
     *
     * @param message e.g. {@code {"prompts":[{"text":"...","weight":1}]}} or {@code {"node_id":..., ...}}
     * @throws SessionNotFoundException no such live session; HTTP 404
     * @throws ValidationException      the message is invalid (nothing changed); HTTP 422 with the field errors
     * @since 1.2
     */
    void updateParameters(String sessionId, JsonNode message) throws ValidationException;
}
