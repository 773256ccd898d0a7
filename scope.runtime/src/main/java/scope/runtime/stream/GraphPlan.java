package scope.runtime.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import scope.runtime.schema.ValidationException;

/**
 * The chain a Scope graph ({@code initialParameters.graph}: nodes and edges) describes, in edge order - or a
 * refusal naming the node or edge we cannot run. The frame chain runs one path, source -> pipelines -> sink; a
 * graph that forks, joins, has several sinks, record or custom nodes, or wires a non-video port is refused instead
 * of being run as something else.
 */
final class GraphPlan {
    /** One pipeline node on the path. */
    record Step(String nodeId, String pipelineId) {
    }

    private static final Set<String> TYPES = Set.of("source", "pipeline", "sink", "record", "node");
    private static final String AT = "initialParameters.graph";

    private GraphPlan() {
    }

    static List<Step> chain(JsonNode graph) throws ValidationException {
        JsonNode nodes = graph.get("nodes");
        if (nodes == null || !nodes.isArray()) {
            throw new ValidationException(AT + ".nodes", "expected an array of nodes");
        }
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            String at = AT + ".nodes[" + i + "]";
            String id = text(n, "id", at);
            String type = text(n, "type", at);
            if (!TYPES.contains(type)) {
                throw new ValidationException(at + ".type", "expected one of " + TYPES + ", got '" + type + "'");
            }
            if (byId.put(id, n) != null) {
                throw new ValidationException(at + ".id", "duplicate node id '" + id + "'");
            }
            if (type.equals("record")) {
                throw new ValidationException(at, "record node '" + id + "': recording is not available on this "
                        + "server yet");
            }
            if (type.equals("node")) {
                throw new ValidationException(at, "node '" + id + "' of type '" + n.path("node_type_id").asText("?")
                        + "': custom backend nodes are not available on this server");
            }
            if (type.equals("pipeline") && n.path("pipeline_id").asText("").isEmpty()) {
                throw new ValidationException(at + ".pipeline_id", "pipeline node '" + id + "' has no pipeline_id");
            }
        }
        JsonNode edges = graph.get("edges");
        if (edges == null || edges.isNull()) {
            // nodes without edges: the pipeline nodes in the order listed, as before edges were sent
            List<Step> listed = new ArrayList<>();
            byId.forEach((id, n) -> {
                if ("pipeline".equals(n.path("type").asText())) {
                    listed.add(new Step(id, n.path("pipeline_id").asText()));
                }
            });
            return listed;
        }
        Map<String, Set<String>> next = new HashMap<>();
        Map<String, Integer> incoming = new HashMap<>();
        {
            if (!edges.isArray()) {
                throw new ValidationException(AT + ".edges", "expected an array of edges");
            }
            for (int i = 0; i < edges.size(); i++) {
                JsonNode e = edges.get(i);
                String at = AT + ".edges[" + i + "]";
                if (!"stream".equals(e.path("kind").asText("stream"))) {
                    continue; // parameter edges carry no frames
                }
                String from = text(e, "from", at);
                String to = text(e, "to_node", at);
                for (String end : List.of(from, to)) {
                    if (!byId.containsKey(end)) {
                        throw new ValidationException(at, "edge names node '" + end + "', which the graph lacks");
                    }
                }
                String port = e.path("from_port").asText("video");
                String toPort = e.path("to_port").asText("video");
                if (!port.equals("video") || !toPort.equals("video")) {
                    throw new ValidationException(at, "edge " + from + "." + port + " -> " + to + "." + toPort
                            + ": only video ports can be wired on this server");
                }
                if (next.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(to)) {
                    incoming.merge(to, 1, Integer::sum);
                }
            }
        }
        List<String> sinks = idsOf(byId, "sink");
        List<String> sources = idsOf(byId, "source");
        if (sinks.size() > 1) {
            throw new ValidationException(AT + ".nodes", "sink '" + sinks.get(1) + "': graphs with several sinks "
                    + "are not supported on this server yet (one sink per stream)");
        }
        if (sources.size() > 1) {
            throw new ValidationException(AT + ".nodes", "source '" + sources.get(1) + "': one source per stream");
        }
        for (String id : byId.keySet()) {
            if (incoming.getOrDefault(id, 0) > 1) {
                throw new ValidationException(AT + ".edges", "node '" + id + "' joins several branches; only a "
                        + "single path from source to sink is supported on this server yet");
            }
            if (next.getOrDefault(id, Set.of()).size() > 1) {
                throw new ValidationException(AT + ".edges", "node '" + id + "' fans out to "
                        + next.get(id) + "; only a single path from source to sink is supported on this server yet");
            }
        }
        String start = sources.isEmpty() ? firstWithoutInput(byId, incoming) : sources.get(0);
        List<Step> steps = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String at = start;
        while (at != null) {
            if (!seen.add(at)) {
                throw new ValidationException(AT + ".edges", "the graph has a cycle through node '" + at + "'");
            }
            JsonNode n = byId.get(at);
            if ("pipeline".equals(n.path("type").asText())) {
                steps.add(new Step(at, n.path("pipeline_id").asText()));
            }
            Set<String> out = next.getOrDefault(at, Set.of());
            at = out.isEmpty() ? null : out.iterator().next();
        }
        for (Map.Entry<String, JsonNode> n : byId.entrySet()) {
            if (!seen.contains(n.getKey())) {
                throw new ValidationException(AT + ".nodes", n.getValue().path("type").asText() + " '" + n.getKey()
                        + "' is not on the path from " + (start == null ? "the start" : "'" + start + "'")
                        + " to the sink");
            }
        }
        if (steps.isEmpty()) {
            throw new ValidationException(AT + ".nodes", "the graph has no pipeline node on its path");
        }
        return steps;
    }

    private static String firstWithoutInput(Map<String, JsonNode> byId, Map<String, Integer> incoming) {
        for (Map.Entry<String, JsonNode> n : byId.entrySet()) {
            if ("pipeline".equals(n.getValue().path("type").asText()) && !incoming.containsKey(n.getKey())) {
                return n.getKey();
            }
        }
        return null;
    }

    private static List<String> idsOf(Map<String, JsonNode> byId, String type) {
        List<String> out = new ArrayList<>();
        byId.forEach((id, n) -> {
            if (type.equals(n.path("type").asText())) {
                out.add(id);
            }
        });
        return out;
    }

    private static String text(JsonNode n, String field, String at) throws ValidationException {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            throw new ValidationException(at + "." + field, "required, a non-empty string");
        }
        return v.textValue();
    }
}
