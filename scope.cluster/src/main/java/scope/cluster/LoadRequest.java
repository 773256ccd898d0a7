package scope.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import scope.runtime.schema.FieldError;

/**
 * The pipelines of a {@code POST /api/v1/pipeline/load} body, read by the same rules as a single server ({@code
 * pipelines: [{node_id, pipeline_id, load_params}]}, or {@code pipeline_ids} with one {@code load_params}), so the
 * gateway can place it; the worker it goes to checks it again in full.
 */
final class LoadRequest {
    /** One entry; {@code at} names it in error messages ({@code pipelines[0]}). */
    record Entry(String at, String nodeId, String pipelineId, JsonNode loadParams) {
    }

    private LoadRequest() {
    }

    static List<Entry> entries(JsonNode body) throws GatewayError {
        List<Entry> entries = new ArrayList<>();
        JsonNode pipelines = body.get("pipelines");
        JsonNode ids = body.get("pipeline_ids");
        if (pipelines != null && !pipelines.isNull()) {
            if (!pipelines.isArray()) {
                throw new GatewayError(List.of(new FieldError("pipelines", "expected an array")));
            }
            for (int i = 0; i < pipelines.size(); i++) {
                JsonNode e = pipelines.get(i);
                String at = "pipelines[" + i + "]";
                if (!e.isObject()) {
                    throw new GatewayError(List.of(new FieldError(at, "expected an object")));
                }
                String pipelineId = text(e, "pipeline_id", at);
                JsonNode node = e.get("node_id");
                String nodeId = node == null || node.isNull() ? pipelineId : text(e, "node_id", at);
                entries.add(new Entry(at, nodeId, pipelineId, params(e.get("load_params"), at + ".load_params")));
            }
        } else if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                throw new GatewayError(List.of(new FieldError("pipeline_ids", "expected an array of strings")));
            }
            JsonNode params = params(body.get("load_params"), "load_params");
            for (int i = 0; i < ids.size(); i++) {
                if (!ids.get(i).isTextual() || ids.get(i).textValue().isBlank()) {
                    throw new GatewayError(List.of(new FieldError("pipeline_ids[" + i + "]",
                            "expected a non-empty string")));
                }
                entries.add(new Entry("pipeline_ids[" + i + "]", ids.get(i).textValue(), ids.get(i).textValue(),
                        params));
            }
        } else {
            throw new GatewayError(400, "Either 'pipelines' or 'pipeline_ids' must be provided");
        }
        if (entries.isEmpty()) {
            throw new GatewayError(400, "Either 'pipelines' or 'pipeline_ids' must name at least one pipeline");
        }
        return entries;
    }

    private static String text(JsonNode obj, String field, String at) throws GatewayError {
        JsonNode v = obj.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new GatewayError(List.of(new FieldError(at + "." + field, "required, a non-empty string")));
        }
        return v.textValue();
    }

    private static JsonNode params(JsonNode v, String at) throws GatewayError {
        if (v == null || v.isNull()) {
            return GatewayJson.MAPPER.createObjectNode();
        }
        if (!v.isObject()) {
            throw new GatewayError(List.of(new FieldError(at, "expected an object")));
        }
        return v;
    }
}
