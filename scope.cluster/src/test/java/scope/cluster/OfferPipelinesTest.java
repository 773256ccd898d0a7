package scope.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OfferPipelinesTest {
    private static List<Placement.Needed> of(String initialParameters) throws Exception {
        return OfferPipelines.of(GatewayJson.MAPPER.readTree(initialParameters));
    }

    @Test
    void aGraphNamesItsPipelineNodesAndTheirPipelines() throws Exception {
        List<Placement.Needed> needed = of("{\"pipeline_ids\":[\"ignored\"],\"graph\":{\"nodes\":["
                + "{\"id\":\"input\",\"type\":\"source\"},{\"id\":\"g\",\"type\":\"pipeline\",\"pipeline_id\":\"gray\"},"
                + "{\"id\":\"pass\",\"type\":\"pipeline\",\"pipeline_id\":\"passthrough\"},"
                + "{\"id\":\"output\",\"type\":\"sink\"}]}}");
        assertEquals(List.of(new Placement.Needed("g", "gray"), new Placement.Needed("pass", "passthrough")), needed);
    }

    @Test
    void pipelineIdsNameThemselves() throws Exception {
        assertEquals(List.of(new Placement.Needed("gray", "gray")), of("{\"pipeline_ids\":[\"gray\", 3, \"\"]}"));
    }

    @Test
    void nothingNamedIsEmpty() throws Exception {
        assertEquals(List.of(), of("{\"prompts\":[]}"));
        assertEquals(List.of(), OfferPipelines.of(null));
        assertEquals(List.of(), of("{\"graph\":{\"nodes\":\"not a list\"}}"));
    }
}
