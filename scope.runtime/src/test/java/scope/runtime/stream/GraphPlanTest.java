package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import scope.runtime.schema.ValidationException;

class GraphPlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode graph(String nodes, String edges) throws Exception {
        return JSON.readTree("{\"nodes\":[" + nodes + "],\"edges\":[" + edges + "]}");
    }

    private static String edge(String from, String to) {
        return "{\"from\":\"" + from + "\",\"from_port\":\"video\",\"to_node\":\"" + to
                + "\",\"to_port\":\"video\",\"kind\":\"stream\"}";
    }

    private static final String SRC = "{\"id\":\"input\",\"type\":\"source\"}";
    private static final String SINK = "{\"id\":\"output\",\"type\":\"sink\"}";

    private static String pipe(String id, String pipeline) {
        return "{\"id\":\"" + id + "\",\"type\":\"pipeline\",\"pipeline_id\":\"" + pipeline + "\"}";
    }

    @Test
    void theChainFollowsTheEdgesNotTheListingOrder() throws Exception {
        List<GraphPlan.Step> steps = GraphPlan.chain(graph(SINK + "," + pipe("b", "passthrough") + "," + SRC + ","
                + pipe("a", "gray"), edge("input", "a") + "," + edge("a", "b") + "," + edge("b", "output")));
        assertEquals(List.of(new GraphPlan.Step("a", "gray"), new GraphPlan.Step("b", "passthrough")), steps);
    }

    @Test
    void textModeStartsAtThePipelineWithoutInput() throws Exception {
        assertEquals(List.of(new GraphPlan.Step("ll", "longlive")),
                GraphPlan.chain(graph(pipe("ll", "longlive") + "," + SINK, edge("ll", "output"))));
    }

    private static final String SINK_1 = "{\"id\":\"output_1\",\"type\":\"sink\"}";

    @Test
    void aForkAtTheSourceBecomesOneBranchPerSinkInTheSinksListingOrder() throws Exception {
        // the UI's forked graph: source -> gray -> sink and source -> passthrough -> sink_1; the edges list the
        // passthrough branch first, the nodes list 'output' first: the sinks' order decides
        List<GraphPlan.Branch> branches = GraphPlan.branches(graph(
                SRC + "," + pipe("gray", "gray") + "," + pipe("pass", "passthrough") + "," + SINK + "," + SINK_1,
                edge("input", "pass") + "," + edge("input", "gray") + "," + edge("pass", "output_1") + ","
                        + edge("gray", "output")));
        assertEquals(List.of(new GraphPlan.Branch("output", List.of(new GraphPlan.Step("gray", "gray"))),
                new GraphPlan.Branch("output_1", List.of(new GraphPlan.Step("pass", "passthrough")))), branches);
        ValidationException single = assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(
                SRC + "," + pipe("gray", "gray") + "," + pipe("pass", "passthrough") + "," + SINK + "," + SINK_1,
                edge("input", "gray") + "," + edge("input", "pass") + "," + edge("gray", "output") + ","
                        + edge("pass", "output_1"))));
        assertTrue(single.getMessage().contains("output_1"), single.getMessage());
    }

    @Test
    void branchesAreChainsOfSeveralPipelinesAndTextModeBranchesStartAtTheirGenerators() throws Exception {
        List<GraphPlan.Branch> branches = GraphPlan.branches(graph(
                SRC + "," + SINK_1 + "," + pipe("a", "gray") + "," + pipe("b", "passthrough") + "," + pipe("c", "gray")
                        + "," + SINK,
                edge("input", "a") + "," + edge("a", "b") + "," + edge("b", "output") + "," + edge("input", "c") + ","
                        + edge("c", "output_1")));
        assertEquals(List.of(new GraphPlan.Branch("output_1", List.of(new GraphPlan.Step("c", "gray"))),
                new GraphPlan.Branch("output", List.of(new GraphPlan.Step("a", "gray"),
                        new GraphPlan.Step("b", "passthrough")))), branches);
        List<GraphPlan.Branch> text = GraphPlan.branches(graph(pipe("l1", "longlive") + "," + pipe("l2", "krea")
                + "," + SINK + "," + SINK_1, edge("l2", "output_1") + "," + edge("l1", "output")));
        assertEquals(List.of("output", "output_1"), text.stream().map(GraphPlan.Branch::sinkId).toList());
    }

    @Test
    void aSinkMayTakeTheSourceDirectlyBesideAProcessedBranch() throws Exception {
        // Scope's raw preview: Source -> Sink_1 next to Source -> gray -> Sink
        List<GraphPlan.Branch> branches = GraphPlan.branches(graph(
                SRC + "," + pipe("gray", "gray") + "," + SINK + "," + SINK_1,
                edge("input", "output_1") + "," + edge("input", "gray") + "," + edge("gray", "output")));
        assertEquals(List.of(new GraphPlan.Branch("output", List.of(new GraphPlan.Step("gray", "gray"))),
                new GraphPlan.Branch("output_1", List.of())), branches);
    }

    @Test
    void forksAfterAPipelineJoinsAndBranchesWithoutASinkAreRefusedNamingTheNode() throws Exception {
        ValidationException afterPipeline = assertThrows(ValidationException.class, () -> GraphPlan.branches(graph(
                SRC + "," + pipe("a", "gray") + "," + SINK + "," + SINK_1,
                edge("input", "a") + "," + edge("a", "output") + "," + edge("a", "output_1"))));
        assertTrue(afterPipeline.errors().get(0).message().contains("'a' fans out"), afterPipeline.getMessage());
        ValidationException join = assertThrows(ValidationException.class, () -> GraphPlan.branches(graph(
                SRC + "," + pipe("a", "gray") + "," + pipe("b", "passthrough") + "," + pipe("j", "gray") + "," + SINK,
                edge("input", "a") + "," + edge("input", "b") + "," + edge("a", "j") + "," + edge("b", "j") + ","
                        + edge("j", "output"))));
        assertTrue(join.errors().get(0).message().contains("'j' joins"), join.getMessage());
        ValidationException twoIntoSink = assertThrows(ValidationException.class, () -> GraphPlan.branches(graph(
                SRC + "," + pipe("a", "gray") + "," + pipe("b", "passthrough") + "," + SINK,
                edge("input", "a") + "," + edge("input", "b") + "," + edge("a", "output") + ","
                        + edge("b", "output"))));
        assertTrue(twoIntoSink.errors().get(0).message().contains("'output' joins"), twoIntoSink.getMessage());
        ValidationException noSink = assertThrows(ValidationException.class, () -> GraphPlan.branches(graph(
                SRC + "," + pipe("gray", "gray") + "," + pipe("pass", "passthrough") + "," + SINK,
                edge("input", "gray") + "," + edge("input", "pass") + "," + edge("gray", "output"))));
        assertTrue(noSink.errors().get(0).message().contains("'pass' ends a branch without a sink"),
                noSink.getMessage());
        ValidationException onlyDirect = assertThrows(ValidationException.class, () -> GraphPlan.branches(graph(
                SRC + "," + SINK, edge("input", "output"))));
        assertTrue(onlyDirect.errors().get(0).message().contains("no pipeline node"), onlyDirect.getMessage());
        ValidationException hardware = assertThrows(ValidationException.class, () -> GraphPlan.branches(graph(
                SRC + "," + pipe("gray", "gray") + ",{\"id\":\"spout\",\"type\":\"sink\",\"sink_mode\":\"spout\"}",
                edge("input", "gray") + "," + edge("gray", "spout"))));
        assertTrue(hardware.getMessage().contains("'spout'"), hardware.getMessage());
    }

    private static final String REC = "{\"id\":\"rec\",\"type\":\"record\"}";
    private static final String REC_1 = "{\"id\":\"rec_1\",\"type\":\"record\"}";

    @Test
    void aRecordNodeOnTheLastPipelineOrTheSinkRecordsThatBranchAndOneOnTheSourceTheInput() throws Exception {
        // Scope's starter workflow: the last pipeline feeds both the sink and the record node
        GraphPlan.Plan chain = GraphPlan.plan(graph(SRC + "," + pipe("a", "gray") + "," + pipe("b", "passthrough")
                + "," + SINK + "," + REC, edge("input", "a") + "," + edge("a", "b") + "," + edge("b", "rec") + ","
                + edge("b", "output")));
        assertEquals(List.of(new GraphPlan.Branch("output", List.of(new GraphPlan.Step("a", "gray"),
                new GraphPlan.Step("b", "passthrough")))), chain.branches());
        assertEquals(List.of(new RecordNode("rec", 0)), chain.records());
        // forked: one record node behind the second sink, one on the source; the sinks' order decides the outputs
        GraphPlan.Plan forked = GraphPlan.plan(graph(REC_1 + "," + SRC + "," + pipe("gray", "gray") + ","
                + pipe("pass", "passthrough") + "," + SINK + "," + SINK_1 + "," + REC,
                edge("input", "pass") + "," + edge("input", "gray") + "," + edge("pass", "output_1") + ","
                        + edge("gray", "output") + "," + edge("output_1", "rec") + "," + edge("input", "rec_1")));
        assertEquals(List.of("output", "output_1"), forked.branches().stream().map(GraphPlan.Branch::sinkId)
                .toList());
        assertEquals(List.of(new RecordNode("rec_1", RecordNode.INPUT), new RecordNode("rec", 1)), forked.records());
        assertTrue(forked.records().get(0).recordsInput());
        // a record node on a sink that takes the source directly records that branch
        GraphPlan.Plan direct = GraphPlan.plan(graph(SRC + "," + pipe("gray", "gray") + "," + SINK + "," + SINK_1
                + "," + REC, edge("input", "gray") + "," + edge("gray", "output") + "," + edge("input", "output_1")
                + "," + edge("output_1", "rec")));
        assertEquals(List.of(new RecordNode("rec", 1)), direct.records());
        // a chain without a sink node: the record node takes its end
        GraphPlan.Plan noSink = GraphPlan.plan(graph(SRC + "," + pipe("a", "gray") + "," + REC,
                edge("input", "a") + "," + edge("a", "rec")));
        assertEquals(List.of(new GraphPlan.Branch(null, List.of(new GraphPlan.Step("a", "gray")))),
                noSink.branches());
        assertEquals(List.of(new RecordNode("rec", 0)), noSink.records());
        assertEquals(List.of(), GraphPlan.plan(graph(SRC + "," + pipe("a", "gray") + "," + SINK,
                edge("input", "a") + "," + edge("a", "output"))).records());
    }

    @Test
    void recordNodesThatCannotBeRunAreRefusedNamingThem() throws Exception {
        ValidationException middle = assertThrows(ValidationException.class, () -> GraphPlan.plan(graph(SRC + ","
                + pipe("a", "gray") + "," + pipe("b", "passthrough") + "," + SINK + "," + REC, edge("input", "a")
                + "," + edge("a", "b") + "," + edge("b", "output") + "," + edge("a", "rec"))));
        assertTrue(middle.errors().get(0).message().contains("record node 'rec' records pipeline 'a' in the middle"),
                middle.getMessage());
        ValidationException feeds = assertThrows(ValidationException.class, () -> GraphPlan.plan(graph(SRC + ","
                + pipe("a", "gray") + "," + REC + "," + SINK, edge("input", "a") + "," + edge("a", "rec") + ","
                + edge("rec", "output"))));
        assertTrue(feeds.errors().get(0).message().contains("record node 'rec' feeds"), feeds.getMessage());
        ValidationException two = assertThrows(ValidationException.class, () -> GraphPlan.plan(graph(SRC + ","
                + pipe("a", "gray") + "," + SINK + "," + REC, edge("input", "a") + "," + edge("a", "output") + ","
                + edge("a", "rec") + "," + edge("input", "rec"))));
        assertTrue(two.errors().get(0).message().contains("'rec' joins several branches"), two.getMessage());
        ValidationException offPath = assertThrows(ValidationException.class, () -> GraphPlan.plan(graph(SRC + ","
                + pipe("a", "gray") + "," + pipe("lost", "gray") + "," + SINK + "," + REC, edge("input", "a") + ","
                + edge("a", "output") + "," + edge("lost", "rec"))));
        assertTrue(offPath.getMessage().contains("is not on a path"), offPath.getMessage());
        ValidationException noEdges = assertThrows(ValidationException.class, () -> GraphPlan.plan(
                JSON.readTree("{\"nodes\":[" + SRC + "," + pipe("a", "gray") + "," + REC + "]}")));
        assertTrue(noEdges.errors().get(0).message().contains("record node 'rec' has no input"),
                noEdges.getMessage());
        // a pipeline still fans out only to record nodes beside its one successor
        ValidationException fan = assertThrows(ValidationException.class, () -> GraphPlan.plan(graph(SRC + ","
                + pipe("a", "gray") + "," + SINK + "," + SINK_1 + "," + REC, edge("input", "a") + ","
                + edge("a", "output") + "," + edge("a", "output_1") + "," + edge("a", "rec"))));
        assertTrue(fan.errors().get(0).message().contains("fans out to [output, output_1]"), fan.getMessage());
    }

    @Test
    void cyclesJoinsDanglingNodesAndUnsupportedNodesAreRefused() throws Exception {
        assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(SRC + "," + pipe("a", "gray") + ","
                + pipe("b", "gray") + "," + SINK, edge("input", "a") + "," + edge("a", "b") + "," + edge("b", "a"))));
        ValidationException dangling = assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(
                SRC + "," + pipe("a", "gray") + "," + pipe("lost", "passthrough") + "," + SINK,
                edge("input", "a") + "," + edge("a", "output"))));
        assertTrue(dangling.errors().get(0).message().contains("'lost' is not on a path"), dangling.getMessage());
        ValidationException record = assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(
                SRC + "," + pipe("a", "gray") + "," + REC + "," + SINK,
                edge("input", "a") + "," + edge("a", "output"))));
        assertTrue(record.errors().get(0).message().contains("record node 'rec' has no input"), record.getMessage());
        ValidationException vace = assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(
                SRC + "," + pipe("a", "gray") + "," + SINK, "{\"from\":\"input\",\"from_port\":\"vace_input_frames\","
                        + "\"to_node\":\"a\",\"to_port\":\"vace_input_frames\"}," + edge("a", "output"))));
        assertTrue(vace.errors().get(0).message().contains("vace_input_frames"), vace.getMessage());
        assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(SRC + "," + SINK + ","
                + pipe("a", "gray"), edge("input", "a") + "," + edge("a", "nowhere"))));
        assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(SRC + "," + SRC, "")));
    }

    @Test
    void nodesWithoutEdgesKeepTheirListedOrder() throws Exception {
        assertEquals(List.of(new GraphPlan.Step("a", "gray"), new GraphPlan.Step("b", "passthrough")),
                GraphPlan.chain(JSON.readTree("{\"nodes\":[" + SRC + "," + pipe("a", "gray") + ","
                        + pipe("b", "passthrough") + "]}")));
    }
}
