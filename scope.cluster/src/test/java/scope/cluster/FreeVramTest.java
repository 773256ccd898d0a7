package scope.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreeVramTest {
    private static final JsonNode NONE = new ObjectMapper().createObjectNode();
    private static final Map<String, Double> ESTIMATES = Map.of("longlive", 20.0, "krea-realtime-video", 32.0);

    private static WorkerState.Instance instance(String node, String pipeline, String status) {
        return new WorkerState.Instance(node, pipeline, node + "-1", status, NONE, null);
    }

    private static double free(double total, WorkerState.Instance... instances) {
        return FreeVram.of(total, List.of(instances), ESTIMATES::get);
    }

    @Test
    void loadedAndLoadingInstancesTakeTheirEstimates() {
        assertEquals(48.0, free(48));
        assertEquals(28.0, free(48, instance("a", "longlive", "loaded")));
        assertEquals(8.0, free(48, instance("a", "longlive", "loaded"), instance("b", "longlive", "loading")),
                "two instances of one pipeline are two models in memory");
        assertEquals(16.0, free(48, instance("k", "krea-realtime-video", "loading")));
    }

    @Test
    void failedLoadsAndPipelinesWithoutAnEstimateTakeNothing() {
        assertEquals(48.0, free(48, instance("k", "krea-realtime-video", "failed")));
        assertEquals(24.0, free(24, instance("g", "gray", "loaded"), instance("p", "passthrough", "loaded")));
    }

    @Test
    void neverBelowZero() {
        assertEquals(0.0, free(24, instance("k", "krea-realtime-video", "loaded")));
        assertEquals(0.0, free(0, instance("a", "longlive", "loaded")), "no GPU");
    }

    @Test
    void theFigureTravelsInTheAnnouncementAndAnOldWorkersLacksIt() throws Exception {
        WorkerState s = new WorkerState("w", "http://w", 48, "environment", null, 4, List.of(),
                List.of(instance("a", "longlive", "loaded")), 0, 28.0);
        byte[] json = WorkerAnnouncer.JSON.writeValueAsBytes(s);
        assertEquals(28.0, WorkerAnnouncer.JSON.readTree(json).path("free_vram_gb").asDouble());
        assertEquals(s, WorkerAnnouncer.JSON.readValue(json, WorkerState.class));
        WorkerState old = WorkerAnnouncer.JSON.readValue("{\"id\":\"w\",\"url\":\"http://w\",\"vram_gb\":24}",
                WorkerState.class);
        assertEquals(null, old.freeVramGb());
    }
}
