package scope.webrtc.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import scope.runtime.schema.FieldError;

/** The server-to-client messages of the {@code parameters} data channel (spec 2.5), plus an error reply. */
final class ChannelMessages {
    static final ObjectMapper JSON = new ObjectMapper();

    private ChannelMessages() {
    }

    static ObjectNode streamStopped(String errorMessage) {
        ObjectNode m = JSON.createObjectNode().put("type", "stream_stopped");
        if (errorMessage != null) {
            m.put("error_message", errorMessage);
        }
        return m;
    }

    static ObjectNode parametersUpdated(Map<String, Object> parameters) {
        ObjectNode m = JSON.createObjectNode().put("type", "parameters_updated");
        m.set("parameters", JSON.valueToTree(parameters));
        return m;
    }

    /**
     * Live figures for the UI's status panel, once a second (an addition to Scope's protocol; clients that do not
     * know the type ignore it): {@code {"type":"stats","pipeline_fps":..,"output_fps":..,"ttff_ms":..,...}}.
     */
    static ObjectNode stats(scope.runtime.stream.StreamStats s, double sessionTtffMs) {
        ObjectNode m = JSON.createObjectNode().put("type", "stats");
        m.put("pipeline_fps", round(s.pipelineFps()));
        m.put("output_fps", round(s.outputFps()));
        m.put("delivered_fps", round(s.deliveredFps()));
        m.put("ttff_ms", round(sessionTtffMs >= 0 ? sessionTtffMs : s.ttffMs()));
        m.put("latency_ms", round(s.latencyMs()));
        m.put("buffer_wait_ms", round(s.bufferWaitMs()));
        m.put("frames_in", s.framesIn());
        m.put("frames_out", s.framesOut());
        m.put("paused", s.paused());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** The answer to a client message that was not applied: {@code {"type":"error","error_message":..,"fields":[..]}}. */
    static ObjectNode error(String message, List<FieldError> fields) {
        ObjectNode m = JSON.createObjectNode().put("type", "error").put("error_message", message);
        ArrayNode list = m.putArray("fields");
        for (FieldError f : fields) {
            list.addObject().put("field", f.field()).put("message", f.message());
        }
        return m;
    }
}
