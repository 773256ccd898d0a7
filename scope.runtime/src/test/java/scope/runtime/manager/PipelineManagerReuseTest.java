package scope.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.runtime.gpu.HardwareService;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.registry.PluginOrigin;
import scope.runtime.schema.ValidationException;
import scope.runtime.settings.ScopeSettings;

class PipelineManagerReuseTest {
    static final ObjectMapper M = new ObjectMapper();
    @TempDir
    Path home;
    PipelineRegistry registry;
    PipelineManager manager;
    Toys toys;
    static final PluginOrigin ORIGIN = new PluginOrigin(7, "toys", "1.0.0", "", "file:/toys.jar");

    @BeforeEach
    void setUp() {
        registry = new PipelineRegistry();
        toys = new Toys();
        registry.register(ORIGIN, toys.plugin("toy", "other"));
        manager = new PipelineManager(registry, HardwareService.withVram(0), new ScopeSettings(home, "127.0.0.1", 0));
    }

    @AfterEach
    void tearDown() {
        manager.deactivate();
    }

    void load(String nodeId, String pipelineId, String params) throws Exception {
        manager.load(List.of(new LoadEntry(nodeId, pipelineId, M.readTree(params))));
    }

    ManagerStatus awaitSettled() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            ManagerStatus s = manager.status();
            if (s.status() != InstanceStatus.LOADING) {
                return s;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("still loading");
    }

    String instanceId() {
        return manager.status().instances().get(0).instanceId();
    }

    @Test
    void sameEffectiveLoadParamsReuseTheInstance() throws Exception {
        load("toy", "toy", "{}");
        assertEquals(InstanceStatus.LOADED, awaitSettled().status());
        String first = instanceId();
        // defaults spelled out, other key order, 320.0 instead of 320, a runtime-only value changed
        load("toy", "toy", "{\"noise_scale\":0.2,\"height\":320.0,\"flag\":false}");
        assertEquals(InstanceStatus.LOADED, awaitSettled().status());
        assertEquals(first, instanceId());
        assertEquals(1, toys.loads.get());
        assertEquals(0, toys.closes.get());
    }

    @Test
    void unknownLoadKeysAreIgnoredNamedAndNeverCauseAReload() throws Exception {
        load("toy", "toy", "{}");
        assertEquals(InstanceStatus.LOADED, awaitSettled().status());
        String first = instanceId();
        // what Scope's UI sends after a prompt change: keys of its settings object the schema does not list
        List<String> warnings = manager.load(List.of(new LoadEntry("toy", "toy",
                M.readTree("{\"prompt_interpolation_method\":\"slerp\",\"height\":320}"))));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("prompt_interpolation_method"), warnings.get(0));
        assertEquals(InstanceStatus.LOADED, awaitSettled().status());
        assertEquals(first, instanceId());
        assertEquals(1, toys.loads.get());
        // known keys are still validated
        assertThrows(ValidationException.class, () -> load("toy", "toy",
                "{\"prompt_interpolation_method\":1,\"height\":8}"));
    }

    @Test
    void changedLoadParamGivesANewInstanceAfterClosingTheOld() throws Exception {
        load("toy", "toy", "{}");
        awaitSettled();
        String first = instanceId();
        load("toy", "toy", "{\"height\":512}");
        assertEquals(InstanceStatus.LOADED, awaitSettled().status());
        assertNotEquals(first, instanceId());
        assertEquals(List.of("load toy 320", "close toy", "load toy 512"), toys.events);
        assertEquals(512L, manager.status().instances().get(0).loadParams().get("height"));
    }

    @Test
    void instanceMovesToANewNodeIdWithoutReloading() throws Exception {
        load("toy", "toy", "{}");
        awaitSettled();
        String first = instanceId();
        load("toy_1", "toy", "{}");
        ManagerStatus s = awaitSettled();
        assertEquals("toy_1", s.instances().get(0).nodeId());
        assertEquals(first, instanceId());
        assertEquals(1, toys.loads.get());
    }

    @Test
    void statusIsLoadingBeforeTheRequestReturns() throws Exception {
        toys.gate = new CountDownLatch(1);
        load("toy", "toy", "{}");
        ManagerStatus s = manager.status();
        assertEquals(InstanceStatus.LOADING, s.status());
        assertEquals(InstanceStatus.LOADING, s.instances().get(0).status());
        toys.gate.countDown();
        assertEquals(InstanceStatus.LOADED, awaitSettled().status());
    }

    @Test
    void errorStaysVisibleUntilTheNextLoad() throws Exception {
        toys.failWith = "weights are corrupt";
        load("toy", "toy", "{}");
        ManagerStatus s = awaitSettled();
        assertEquals(InstanceStatus.ERROR, s.status());
        assertTrue(s.error().contains("weights are corrupt"), s.error());
        assertEquals(InstanceStatus.ERROR, manager.status().status(), "not reset by reading it");
        toys.failWith = null;
        load("toy", "toy", "{}");
        s = awaitSettled();
        assertEquals(InstanceStatus.LOADED, s.status());
        assertNull(s.error());
    }

    @Test
    void unrequestedInstancesAreEvicted() throws Exception {
        load("toy", "toy", "{}");
        awaitSettled();
        load("other", "other", "{}");
        ManagerStatus s = awaitSettled();
        assertEquals(1, s.instances().size());
        assertEquals("other", s.instances().get(0).pipelineId());
        assertEquals(1, toys.closes.get());
    }

    @Test
    void badRequestsChangeNothing() throws Exception {
        load("toy", "toy", "{}");
        awaitSettled();
        String first = instanceId();
        assertThrows(UnknownPipelineException.class, () -> load("x", "nope", "{}"));
        ValidationException e = assertThrows(ValidationException.class, () -> load("toy", "toy", "{\"height\":8}"));
        assertEquals("pipelines[0].load_params.height", e.errors().get(0).field());
        assertThrows(ValidationException.class, () -> load("toy", "toy", "{\"height\":\"tall\"}"));
        assertEquals(first, instanceId());
        assertEquals(1, toys.loads.get());
    }

    @Test
    void pluginRemovalUnloadsOnlyItsInstances() throws Exception {
        Toys others = new Toys();
        registry.register(new PluginOrigin(8, "others", "1.0.0", "", "file:/o.jar"), others.plugin("third"));
        manager.load(List.of(new LoadEntry("toy", "toy", M.createObjectNode()),
                new LoadEntry("third", "third", M.createObjectNode())));
        awaitSettled();
        List<String> removed = new java.util.ArrayList<>();
        manager.addInstanceListener((instance, reason) -> removed.add(instance.nodeId() + ": " + reason));
        registry.unregister(8);
        registry.uninstalled(8); // removed, not updated: no waiting for a new revision
        ManagerStatus s = awaitSettled();
        assertEquals(List.of("toy"), s.instances().stream().map(InstanceView::nodeId).toList());
        assertEquals(1, removed.size());
        assertTrue(removed.get(0).startsWith("third: "), removed.toString());
        for (int i = 0; i < 200 && others.closes.get() == 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(1, others.closes.get());
        assertEquals(0, toys.closes.get());
    }
}
