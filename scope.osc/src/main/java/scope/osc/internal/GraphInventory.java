package scope.osc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The addresses the UI's graph offers (Scope's graph inventory): each maps {@code /scope/<key>} to a parameter of a
 * graph node. With {@code pipeline_id} the node is a pipeline and the value goes to the session for that node; without
 * it the node lives only in the page (a slider, a knob) and the value goes only to the page's event stream.
 * Replaced as a whole; thread-safe.
 */
final class GraphInventory {
    /** One address; {@code json} is the entry as posted, with {@code key} and the normalised address. */
    record Entry(String key, String nodeId, String param, String pipelineId, String type, Double min, Double max,
            List<String> values, ObjectNode json) {
        String check(JsonNode v) {
            return RuntimeKeys.check(type, min, max, values, v);
        }
    }

    private volatile Map<String, Entry> entries = Map.of();

    int replace(JsonNode array) {
        Map<String, Entry> next = new LinkedHashMap<>();
        for (JsonNode e : array) {
            String address = e.path("osc_address").asText("").trim();
            String key = address.startsWith(OscDispatch.PREFIX) ? address.substring(OscDispatch.PREFIX.length())
                    : address.replaceFirst("^/+", "");
            ObjectNode json = ((ObjectNode) e.deepCopy()).put("key", key).put("osc_address", OscDispatch.PREFIX + key);
            List<String> values = null;
            if (e.path("enum").isArray()) {
                values = new ArrayList<>();
                for (JsonNode v : e.get("enum")) {
                    values.add(v.asText());
                }
            }
            next.put(key, new Entry(key, text(e, "node_id"), text(e, "param"), text(e, "pipeline_id"),
                    e.path("type").asText("any"), number(e, "min"), number(e, "max"), values, json));
        }
        entries = java.util.Collections.unmodifiableMap(next);
        return next.size();
    }

    Entry get(String key) {
        return entries.get(key);
    }

    List<Entry> all() {
        return List.copyOf(entries.values());
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || !v.isTextual() || v.textValue().isEmpty() ? null : v.textValue();
    }

    private static Double number(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || !v.isNumber() ? null : v.doubleValue();
    }
}
