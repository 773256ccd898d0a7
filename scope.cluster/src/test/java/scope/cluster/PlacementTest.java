package scope.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private static final JsonNode P512 = CanonicalJson.of(Map.of("height", 512, "width", 512));
    private static final JsonNode P768 = CanonicalJson.of(Map.of("height", 768, "width", 768));

    private static WorkerState worker(String id, double vram, int sessions, WorkerState.Instance... instances) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            ids.add(id + "-s" + i);
        }
        return new WorkerState(id, "http://" + id, vram, "environment", null, 2, ids, List.of(instances), 0);
    }

    private static WorkerState.Instance loaded(String pipeline, JsonNode params) {
        return new WorkerState.Instance(pipeline, pipeline, pipeline + "-instance", "loaded", params, null);
    }

    private static List<Placement.Wanted> want(String pipeline, JsonNode params) {
        return List.of(new Placement.Wanted(pipeline, pipeline, params));
    }

    @Test
    void aLoadGoesToTheWarmWorkerEvenWhenAnotherHasMoreRoom() throws Exception {
        WorkerState small = worker("small", 8, 1, loaded("gray", P512));
        WorkerState big = worker("big", 48, 0);
        Placement.Decision d = Placement.forLoad(want("gray", P512), 0, List.of(small, big), Set.of());
        assertEquals("small", d.worker().id());
        assertTrue(d.warm());
    }

    @Test
    void aWarmWorkerWhoseStreamsUseInstancesTheLoadWouldDropIsNotChosen() throws Exception {
        WorkerState streaming = worker("streaming", 48, 1, loaded("gray", P512), loaded("passthrough", P512));
        WorkerState idle = worker("idle", 24, 0);
        Placement.Decision d = Placement.forLoad(want("passthrough", P512), 0, List.of(streaming, idle), Set.of());
        assertEquals("idle", d.worker().id());
        assertFalse(d.warm());
        // the same chain again is warm there: it keeps both instances
        List<Placement.Wanted> chain = List.of(new Placement.Wanted("gray", "gray", P512),
                new Placement.Wanted("passthrough", "passthrough", P512));
        assertEquals("streaming", Placement.forLoad(chain, 0, List.of(streaming, idle), Set.of()).worker().id());
    }

    @Test
    void differentEffectiveLoadParamsAreNotWarm() throws Exception {
        WorkerState small = worker("small", 8, 0, loaded("gray", P512));
        WorkerState big = worker("big", 48, 0);
        Placement.Decision d = Placement.forLoad(want("gray", P768), 0, List.of(small, big), Set.of());
        assertEquals("big", d.worker().id());
        assertFalse(d.warm());
    }

    @Test
    void coldLoadsGoWhereTheEstimateFitsWithTheMostRoomAndNeverEvictWhatStreams() throws Exception {
        WorkerState a = worker("a", 8, 0);
        WorkerState b = worker("b", 24, 0);
        WorkerState c = worker("c", 48, 1, loaded("gray", P512));
        // c has the most VRAM but serves a stream of another pipeline: a load there would stop it
        assertEquals("b", Placement.forLoad(want("longlive", P512), 20, List.of(a, b, c), Set.of()).worker().id());
        // an empty worker is preferred to one whose warm instance a load would throw away
        WorkerState idleWarm = worker("d", 48, 0, loaded("gray", P512));
        assertEquals("b", Placement.forLoad(want("longlive", P512), 20, List.of(a, b, idleWarm), Set.of())
                .worker().id());
    }

    @Test
    void noWorkerFitsIsA409NamingEachWorker() {
        PlacementRefused r = assertThrows(PlacementRefused.class, () -> Placement.forLoad(want("krea", P512), 32,
                List.of(worker("a", 8, 0), worker("b", 24, 0)), Set.of()));
        assertEquals(409, r.status());
        assertTrue(r.getMessage().contains("a: 8 GB VRAM, the pipelines need 32 GB"), r.getMessage());
        assertTrue(r.getMessage().contains("b: 24 GB VRAM"), r.getMessage());
    }

    @Test
    void drainingWorkersTakeNothing() {
        WorkerState a = worker("a", 48, 0, loaded("gray", P512));
        PlacementRefused load = assertThrows(PlacementRefused.class,
                () -> Placement.forLoad(want("gray", P512), 0, List.of(a), Set.of("a")));
        assertEquals(503, load.status());
        assertTrue(load.getMessage().contains("a: draining"), load.getMessage());
        assertThrows(PlacementRefused.class, () -> Placement.forSession(
                List.of(new Placement.Needed("gray", "gray")), "a", List.of(a), Set.of("a")));
    }

    @Test
    void aSessionGoesToAWorkerHoldingItsPipelinesPreferringTheLastLoad() throws Exception {
        WorkerState a = worker("a", 8, 0, loaded("gray", P512));
        WorkerState b = worker("b", 24, 1, loaded("gray", P512), loaded("passthrough", P512));
        List<Placement.Needed> both = List.of(new Placement.Needed("gray", "gray"),
                new Placement.Needed("passthrough", "passthrough"));
        assertEquals("b", Placement.forSession(both, "a", List.of(a, b), Set.of()).worker().id());
        List<Placement.Needed> gray = List.of(new Placement.Needed("gray", "gray"));
        assertEquals("b", Placement.forSession(gray, "b", List.of(a, b), Set.of()).worker().id());
        assertEquals("a", Placement.forSession(gray, null, List.of(a, b), Set.of()).worker().id());
        WorkerState full = worker("c", 24, 2, loaded("depth", P512));
        PlacementRefused r = assertThrows(PlacementRefused.class, () -> Placement.forSession(
                List.of(new Placement.Needed("depth", "depth")), null, List.of(a, full), Set.of()));
        assertEquals(503, r.status());
        assertTrue(r.getMessage().contains("c: serves its maximum of 2 sessions"), r.getMessage());
    }

    @Test
    void emptyClusterIs503() {
        assertEquals(503, assertThrows(PlacementRefused.class,
                () -> Placement.forLoad(want("gray", P512), 0, List.of(), Set.of())).status());
    }
}
