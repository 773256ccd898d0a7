package scope.osc.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import scope.runtime.registry.RegisteredPipeline;
import scope.runtime.schema.ConfigSchema;
import scope.runtime.schema.FieldSpec;

/**
 * Scope's address inventory ({@code GET /api/v1/osc/paths}): the session-wide keys, then the runtime fields of every
 * registered pipeline - "active" for pipelines loaded now, "available" for the others - and the UI's graph entries
 * in their own groups. Every address is {@code /scope/<key>}; {@code /scope/session/<id>/<key>} names a session.
 */
final class OscPaths {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OscPaths() {
    }

    static ObjectNode of(Collection<RegisteredPipeline> pipelines, Set<String> loadedPipelineIds,
            List<GraphInventory.Entry> graph) {
        ObjectNode out = JSON.objectNode();
        ObjectNode active = out.putObject("active");
        ObjectNode available = out.putObject("available");
        var runtime = active.putArray("Runtime");
        RuntimeKeys.ALL.forEach(k -> runtime.add(k.toJson()));
        for (RegisteredPipeline p : pipelines) {
            var group = JSON.arrayNode();
            for (FieldSpec f : p.schema().fields().values()) {
                ObjectNode e = field(f);
                if (e != null) {
                    group.add(e.put("pipeline_id", p.id()));
                }
            }
            if (!group.isEmpty()) {
                (loadedPipelineIds.contains(p.id()) ? active : available).set(p.id(), group);
            }
        }
        for (GraphInventory.Entry e : graph) {
            String label = e.json().path("group").asText(e.nodeId() == null ? "Graph" : e.nodeId());
            active.withArray(label.isEmpty() ? "Graph" : label).add(e.json());
        }
        var ids = out.putArray("active_pipeline_ids");
        loadedPipelineIds.forEach(ids::add);
        return out;
    }

    /** A runtime field as an address entry; null for load-time fields and values OSC cannot carry. */
    private static ObjectNode field(FieldSpec f) {
        if (f.isLoadParam()) {
            return null;
        }
        String type = switch (f.kind()) {
            case INTEGER -> "integer";
            case NUMBER -> "float";
            case BOOLEAN -> "bool";
            case STRING, ENUM -> "string";
            case ARRAY -> f.itemKind() == FieldSpec.Kind.INTEGER ? "integer_list" : null;
        };
        if (type == null) {
            return null;
        }
        ObjectNode e = entry(f.name(), type, f.description() == null || f.description().isEmpty() ? f.title()
                : f.description());
        if (f.minimum() != null) {
            e.put("min", f.minimum());
        }
        if (f.maximum() != null) {
            e.put("max", f.maximum());
        }
        if (f.kind() == FieldSpec.Kind.ENUM) {
            f.enumValues().forEach(e.withArray("enum")::add);
        }
        if (f.defaultValue() != null) {
            e.set("default", ConfigSchema.toJsonValue(f.defaultValue()));
        }
        return e;
    }

    static ObjectNode entry(String key, String type, String description) {
        ObjectNode n = JSON.objectNode();
        n.put("key", key);
        n.put("osc_address", OscDispatch.PREFIX + key);
        n.put("type", type);
        n.put("description", description == null ? "" : description);
        return n;
    }

    /** 0.01 rather than 0.010000000000000002, 1 rather than 1.0. */
    static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
