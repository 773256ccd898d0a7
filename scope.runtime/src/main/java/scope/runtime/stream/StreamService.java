package scope.runtime.stream;

import com.fasterxml.jackson.databind.JsonNode;
import scope.runtime.schema.ValidationException;

/**
 * Opens streams over the pipelines the pipeline manager has loaded. Transports (WebRTC, tests, headless clients)
 * use it; it is an OSGi service.
 */
public interface StreamService {
    /**
     * Starts a frame chain for one session.
     *
     * @param initialParameters the offer's {@code initialParameters} (spec 2.3): {@code pipeline_ids} or a
     *                          {@code graph} (a chain, or branches forking at the source, one output per
     *                          sink), {@code input_mode}, prompts and other runtime values; may be null
     * @throws ValidationException   when the parameters are invalid, naming the field
     * @throws IllegalStateException when the pipelines are not loaded ("Pipeline not loaded. Please load pipeline
     *                               first.")
     */
    Stream open(JsonNode initialParameters, StreamListener listener) throws ValidationException;

    /**
     * As {@link #open(JsonNode, StreamListener)}, with the stream's id chosen by the transport (its session id, so
     * that other controls, such as OSC, can name the session the client knows). Since 1.2.
     *
     * @param streamId a unique id, or null for a generated one
     */
    default Stream open(String streamId, JsonNode initialParameters, StreamListener listener)
            throws ValidationException {
        return open(initialParameters, listener);
    }
}
