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

    @Test
    void aForkIsRefusedNamingTheNodeNeverFlattened() throws Exception {
        // the UI's forked graph: source -> gray -> sink and source -> passthrough -> sink_1
        ValidationException e = assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(
                SRC + "," + pipe("gray", "gray") + "," + pipe("pass", "passthrough") + "," + SINK
                        + ",{\"id\":\"output_1\",\"type\":\"sink\"}",
                edge("input", "gray") + "," + edge("input", "pass") + "," + edge("gray", "output") + ","
                        + edge("pass", "output_1"))));
        assertTrue(e.getMessage().contains("output_1") || e.getMessage().contains("input"), e.getMessage());
        ValidationException fan = assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(
                SRC + "," + pipe("gray", "gray") + "," + pipe("pass", "passthrough") + "," + SINK,
                edge("input", "gray") + "," + edge("input", "pass") + "," + edge("gray", "output"))));
        assertTrue(fan.errors().get(0).message().contains("'input' fans out"), fan.getMessage());
    }

    @Test
    void cyclesJoinsDanglingNodesAndUnsupportedNodesAreRefused() throws Exception {
        assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(SRC + "," + pipe("a", "gray") + ","
                + pipe("b", "gray") + "," + SINK, edge("input", "a") + "," + edge("a", "b") + "," + edge("b", "a"))));
        ValidationException dangling = assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(
                SRC + "," + pipe("a", "gray") + "," + pipe("lost", "passthrough") + "," + SINK,
                edge("input", "a") + "," + edge("a", "output"))));
        assertTrue(dangling.errors().get(0).message().contains("'lost' is not on the path"), dangling.getMessage());
        ValidationException record = assertThrows(ValidationException.class, () -> GraphPlan.chain(graph(
                SRC + "," + pipe("a", "gray") + ",{\"id\":\"rec\",\"type\":\"record\"}," + SINK,
                edge("input", "a") + "," + edge("a", "output"))));
        assertTrue(record.errors().get(0).message().contains("rec"), record.getMessage());
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
