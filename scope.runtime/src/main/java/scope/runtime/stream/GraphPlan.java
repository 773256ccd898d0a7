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
 * among the nodes (the order Scope gives the sinks' outgoing tracks). A record node is a leaf beside a branch: fed by
 * the source it records the input, fed by a branch's sink or by the pipeline that ends a branch it records that
 * branch's output ({@link Plan#records()}). A graph that joins branches, forks after a pipeline (record nodes
 * aside), records the middle of a branch, has custom or hardware-output nodes, or wires a non-video port is refused
 * instead of being run as something else.
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

    /**
     * What a graph runs: its branches, and its record nodes with the point each records ({@link RecordNode#output}
     * indexes {@link #branches()}), in the nodes' listing order.
     */
    record Plan(List<Branch> branches, List<RecordNode> records) {
        Plan {
            branches = List.copyOf(branches);
            records = List.copyOf(records);
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
        return plan(graph).branches();
    }

    static Plan plan(JsonNode graph) throws ValidationException {
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
            List<String> records = idsOf(byId, "record");
            if (!records.isEmpty()) {
                throw new ValidationException(AT + ".edges", "record node '" + records.get(0) + "' has no input: "
                        + "wire the source, a sink or the pipeline ending a branch to it");
            }
            List<String> sinks = idsOf(byId, "sink");
            return new Plan(List.of(new Branch(sinks.isEmpty() ? null : sinks.get(0), listed)), List.of());
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
            Set<String> out = onward(next, byId, id);
            String type = byId.get(id).path("type").asText();
            if (type.equals("record") && !next.getOrDefault(id, Set.of()).isEmpty()) {
                throw new ValidationException(AT + ".edges", "record node '" + id + "' feeds "
                        + next.get(id) + "; a record node ends its path");
            }
            if (type.equals("record") && in.isEmpty()) {
                throw new ValidationException(AT + ".edges", "record node '" + id + "' has no input: wire the "
                        + "source, a sink or the pipeline ending a branch to it");
            }
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
            starts.addAll(onward(next, byId, origin));
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
                Set<String> out = onward(next, byId, at);
                at = out.isEmpty() ? null : out.iterator().next();
            }
            String sink = "sink".equals(byId.get(last).path("type").asText()) ? last : null;
            if (steps.isEmpty() && sink == null) {
                throw new ValidationException(AT + ".nodes", byId.get(last).path("type").asText() + " '" + last
                        + "' ends a branch without a pipeline or a sink");
            }
            branches.add(new Branch(sink, steps));
        }
        for (String rec : idsOf(byId, "record")) {
            if (seen.contains(previous.get(rec).iterator().next())) {
                seen.add(rec); // its feeder runs
            }
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
        List<RecordNode> records = new ArrayList<>();
        for (String rec : idsOf(byId, "record")) {
            records.add(new RecordNode(rec, recordedPoint(rec, previous.get(rec).iterator().next(), byId, branches)));
        }
        return new Plan(branches, records);
    }

    /** The nodes a node feeds frames on to, record nodes aside (they only look at the frames going by). */
    private static Set<String> onward(Map<String, Set<String>> next, Map<String, JsonNode> byId, String id) {
        Set<String> out = new LinkedHashSet<>();
        for (String to : next.getOrDefault(id, Set.of())) {
            if (!"record".equals(byId.get(to).path("type").asText())) {
                out.add(to);
            }
        }
        return out;
    }

    /**
     * The point a record node fed by {@code feeder} records: the input for the source, else the output of the
     * branch the feeder ends (its sink, or its last pipeline). A pipeline inside a branch is not a point the
     * stream can tap.
     */
    private static int recordedPoint(String rec, String feeder, Map<String, JsonNode> byId, List<Branch> branches)
            throws ValidationException {
        String type = byId.get(feeder).path("type").asText();
        if (type.equals("source")) {
            return RecordNode.INPUT;
        }
        for (int i = 0; i < branches.size(); i++) {
            Branch b = branches.get(i);
            if (type.equals("sink") && feeder.equals(b.sinkId())) {
                return i;
            }
            if (type.equals("pipeline") && !b.steps().isEmpty()
                    && b.steps().get(b.steps().size() - 1).nodeId().equals(feeder)) {
                return i;
            }
        }
        throw new ValidationException(AT + ".edges", "record node '" + rec + "' records " + type + " '" + feeder
                + "' in the middle of a branch; this server records the source, a sink, or the pipeline that ends a "
                + "branch");
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
