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
 * The branches a Scope graph ({@code initialParameters.graph}: nodes and edges) describes - or a refusal naming
 * the node or edge we cannot run. A branch is a path source -&gt; pipelines -&gt; sink; a graph forks at its source
 * (Scope's "Source -&gt; gray -&gt; Sink, Source -&gt; passthrough -&gt; Sink_1"), each branch ends in its own sink (a sink
 * may take the source directly, beside a branch with pipelines), and the branches come in the order of their sinks
 * among the nodes (the order Scope gives the sinks' outgoing tracks). A
 * graph that joins branches, forks after a pipeline, has record, custom or hardware-output nodes, or wires a
 * non-video port is refused instead of being run as something else.
 */
final class GraphPlan {
    /** One pipeline node on a branch. */
    record Step(String nodeId, String pipelineId) {
    }

    /**
     * One path from the source to a sink.
     *
     * @param sinkId the sink node the branch ends in; null only for a single branch without a sink node
     * @param steps  the pipeline nodes in edge order; empty for a sink fed by the source directly (only beside a
     *               branch with pipelines)
     */
    record Branch(String sinkId, List<Step> steps) {
        Branch {
            steps = List.copyOf(steps);
        }
    }

    private static final Set<String> TYPES = Set.of("source", "pipeline", "sink", "record", "node");
    private static final String AT = "initialParameters.graph";

    private GraphPlan() {
    }

    /** The single branch of a graph that does not fork; a forked graph is refused. */
    static List<Step> chain(JsonNode graph) throws ValidationException {
        List<Branch> branches = branches(graph);
        if (branches.size() > 1) {
            throw new ValidationException(AT + ".nodes", "sink '" + branches.get(1).sinkId() + "': expected a graph "
                    + "with one sink");
        }
        return branches.get(0).steps();
    }

    static List<Branch> branches(JsonNode graph) throws ValidationException {
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
                throw new ValidationException(at, "record node '" + id + "': graph record nodes are not run on "
                        + "this server; record the session instead (POST /api/v1/recordings/{session_id}/start, or "
                        + "recording: true in the offer)");
            }
            if (type.equals("node")) {
                throw new ValidationException(at, "node '" + id + "' of type '" + n.path("node_type_id").asText("?")
                        + "': custom backend nodes are not available on this server");
            }
            if (type.equals("pipeline") && n.path("pipeline_id").asText("").isEmpty()) {
                throw new ValidationException(at + ".pipeline_id", "pipeline node '" + id + "' has no pipeline_id");
            }
            String sinkMode = n.path("sink_mode").asText("");
            if (type.equals("sink") && !sinkMode.isEmpty()) {
                throw new ValidationException(at + ".sink_mode", "sink '" + id + "' outputs to '" + sinkMode
                        + "': only WebRTC sinks are available on this server");
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
            List<String> sinks = idsOf(byId, "sink");
            return List.of(new Branch(sinks.isEmpty() ? null : sinks.get(0), listed));
        }
        Map<String, Set<String>> next = new HashMap<>();
        Map<String, Set<String>> previous = new HashMap<>();
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
            next.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(to);
            previous.computeIfAbsent(to, k -> new LinkedHashSet<>()).add(from);
        }
        List<String> sources = idsOf(byId, "source");
        if (sources.size() > 1) {
            throw new ValidationException(AT + ".nodes", "source '" + sources.get(1) + "': one source per stream");
        }
        for (String id : byId.keySet()) {
            Set<String> in = previous.getOrDefault(id, Set.of());
            if (in.size() > 1) {
                throw new ValidationException(AT + ".edges", "node '" + id + "' joins several branches " + in
                        + "; branches cannot be merged on this server");
            }
            Set<String> out = next.getOrDefault(id, Set.of());
            String type = byId.get(id).path("type").asText();
            if (type.equals("sink") && !out.isEmpty()) {
                throw new ValidationException(AT + ".edges", "sink '" + id + "' feeds " + out
                        + "; a sink ends its branch");
            }
            if (type.equals("pipeline") && out.size() > 1) {
                throw new ValidationException(AT + ".edges", "node '" + id + "' fans out to " + out
                        + "; branches fork at the source on this server (give each branch its own pipeline node)");
            }
        }
        List<String> starts = new ArrayList<>();
        String origin;
        if (!sources.isEmpty()) {
            origin = sources.get(0);
            starts.addAll(next.getOrDefault(origin, Set.of()));
        } else {
            // text mode: the branches start at the pipelines without input
            origin = null;
            byId.forEach((id, n) -> {
                if ("pipeline".equals(n.path("type").asText()) && !previous.containsKey(id)) {
                    starts.add(id);
                }
            });
        }
        Set<String> seen = new HashSet<>();
        if (origin != null) {
            seen.add(origin);
        }
        List<Branch> branches = new ArrayList<>();
        for (String first : starts) {
            List<Step> steps = new ArrayList<>();
            String at = first;
            String last = null;
            while (at != null) {
                if (!seen.add(at)) {
                    throw new ValidationException(AT + ".edges", "the graph has a cycle through node '" + at + "'");
                }
                JsonNode n = byId.get(at);
                if ("pipeline".equals(n.path("type").asText())) {
                    steps.add(new Step(at, n.path("pipeline_id").asText()));
                }
                last = at;
                Set<String> out = next.getOrDefault(at, Set.of());
                at = out.isEmpty() ? null : out.iterator().next();
            }
            String sink = "sink".equals(byId.get(last).path("type").asText()) ? last : null;
            if (steps.isEmpty() && sink == null) {
                throw new ValidationException(AT + ".nodes", byId.get(last).path("type").asText() + " '" + last
                        + "' ends a branch without a pipeline or a sink");
            }
            branches.add(new Branch(sink, steps));
        }
        for (Map.Entry<String, JsonNode> n : byId.entrySet()) {
            if (!seen.contains(n.getKey())) {
                throw new ValidationException(AT + ".nodes", n.getValue().path("type").asText() + " '" + n.getKey()
                        + "' is not on a path from " + (origin == null ? "the start" : "'" + origin + "'")
                        + " to a sink");
            }
        }
        if (branches.stream().allMatch(b -> b.steps().isEmpty())) {
            throw new ValidationException(AT + ".nodes", "the graph has no pipeline node on its path");
        }
        if (branches.size() > 1) {
            for (Branch b : branches) {
                if (b.sinkId() == null) {
                    Step end = b.steps().get(b.steps().size() - 1);
                    throw new ValidationException(AT + ".edges", "node '" + end.nodeId() + "' ends a branch without "
                            + "a sink; each branch of a forked graph needs its own sink");
                }
            }
        }
        // the sinks' order among the nodes is the order of their tracks in the answer
        List<String> sinkOrder = idsOf(byId, "sink");
        branches.sort(java.util.Comparator.comparingInt(b -> b.sinkId() == null ? -1 : sinkOrder.indexOf(b.sinkId())));
        return branches;
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
