package scope.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.runtime.gpu.HardwareService;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.registry.PluginOrigin;
import scope.runtime.settings.ScopeSettings;

/**
 * The manager's side of rule 6: a plugin whose hook goes away and comes back (an update) gets its loaded instance
 * replaced by one from the new registration with the same load params, loaded before the old one is closed; a
 * plugin that is uninstalled, or does not come back within the grace period, has its instances removed.
 */
class UpdatedPluginIsReplacedMakeBeforeBreakTest {
    static final ObjectMapper M = new ObjectMapper();
    @TempDir
    Path home;
    PipelineRegistry registry;
    PipelineManager manager;
    Toys v1;
    Toys v2;
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        registry = new PipelineRegistry();
        v1 = new Toys();
        v2 = new Toys();
        registry.register(new PluginOrigin(7, "toys", "1.0.0", "", "file:/toys.jar"), v1.plugin("toy"));
        manager = new PipelineManager(registry, HardwareService.withVram(0), new ScopeSettings(home, "127.0.0.1", 0));
        manager.addInstanceListener(new InstanceListener() {
            @Override
            public void instanceRemoved(LoadedPipeline instance, String reason) {
                events.add("removed " + instance.instanceId() + ": " + reason);
            }

            @Override
            public void instanceReplaced(LoadedPipeline old, LoadedPipeline replacement) {
                // the old instance is still open while streams switch
                events.add("replaced " + old.instanceId() + " -> " + replacement.instanceId() + " closes so far "
                        + v1.closes.get());
            }
        });
        manager.load(List.of(new LoadEntry("node", "toy", M.readTree("{\"height\":64}"))));
        await(() -> manager.loaded("node").isPresent());
    }

    @AfterEach
    void tearDown() {
        manager.deactivate();
    }

    static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        for (int i = 0; i < 1000 && !c.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(c.getAsBoolean(), "condition not reached in 10 s");
    }

    @Test
    void updateLoadsTheNewCodeWithTheSameParamsBeforeClosingTheOld() throws Exception {
        String before = manager.loaded("node").orElseThrow().instanceId();
        registry.unregister(7);
        assertEquals(before, manager.loaded("node").orElseThrow().instanceId(), "the old instance keeps serving");
        registry.register(new PluginOrigin(7, "toys", "1.1.0", "", "file:/toys.jar"), v2.plugin("toy"));
        await(() -> v1.closes.get() == 1);
        LoadedPipeline after = manager.loaded("node").orElseThrow();
        assertNotEquals(before, after.instanceId());
        assertEquals("1.1.0", after.registered().origin().version());
        assertEquals(List.of("load toy 64"), v2.events.subList(0, 1), "same load params");
        assertEquals(List.of("replaced " + before + " -> " + after.instanceId() + " closes so far 0"), events);
    }

    @Test
    void revisionThatGoesAwayWhileItsReplacementLoadsIsSkippedAndTheNextOneTakesOver() throws Exception {
        // FileInstall updates, then refreshes: the first new revision can vanish while its instance loads
        String before = manager.loaded("node").orElseThrow().instanceId();
        v2.gate = new java.util.concurrent.CountDownLatch(1);
        registry.unregister(7);
        registry.register(new PluginOrigin(7, "toys", "1.1.0", "", "file:/toys.jar"), v2.plugin("toy"));
        registry.unregister(7);
        v2.gate.countDown();
        Toys v3 = new Toys();
        registry.register(new PluginOrigin(7, "toys", "1.1.0", "", "file:/toys.jar"), v3.plugin("toy"));
        await(() -> v1.closes.get() == 1 && manager.loaded("node").map(l -> l.registered().origin().version()
                .equals("1.1.0") && v3.loads.get() == 1).orElse(false));
        assertNotEquals(before, manager.loaded("node").orElseThrow().instanceId());
        assertTrue(events.stream().noneMatch(e -> e.startsWith("removed")), events.toString());
        assertEquals(1, events.size(), events.toString());
        await(() -> v2.closes.get() == v2.loads.get());
    }

    @Test
    void uninstallRemovesTheInstanceAtOnce() throws Exception {
        registry.unregister(7);
        registry.uninstalled(7);
        await(() -> v1.closes.get() == 1);
        assertTrue(manager.loaded("node").isEmpty());
        assertEquals(1, events.size());
        assertTrue(events.get(0).contains("'toy' was removed"), events.toString());
    }

    @Test
    void aPluginThatDoesNotComeBackIsRemovedAfterTheGrace() throws Exception {
        manager.setReplacementGrace(100);
        registry.unregister(7);
        await(() -> v1.closes.get() == 1);
        assertTrue(manager.loaded("node").isEmpty());
        assertTrue(events.get(0).startsWith("removed "), events.toString());
    }
}
