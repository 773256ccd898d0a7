package scope.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline nodes an offer's {@code initialParameters} name - the pipeline nodes of its {@code graph}, else its
 * {@code pipeline_ids} - which the worker taking the session must hold. Empty when it names none (the session then
 * runs what the last load loaded). Malformed parameters name nothing here: the worker refuses them with its own
 * field errors.
 */
final class OfferPipelines {
    private OfferPipelines() {
    }

    static List<Placement.Needed> of(JsonNode initialParameters) {
        List<Placement.Needed> out = new ArrayList<>();
        if (initialParameters == null || !initialParameters.isObject()) {
            return out;
        }
        JsonNode graph = initialParameters.get("graph");
        if (graph != null && graph.isObject()) {
            for (JsonNode n : graph.path("nodes")) {
                if ("pipeline".equals(n.path("type").asText()) && n.path("id").isTextual()
                        && n.path("pipeline_id").isTextual()) {
                    out.add(new Placement.Needed(n.get("id").asText(), n.get("pipeline_id").asText()));
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        for (JsonNode id : initialParameters.path("pipeline_ids")) {
            if (id.isTextual() && !id.asText().isBlank()) {
                out.add(new Placement.Needed(id.asText(), id.asText()));
            }
        }
        return out;
    }
}
