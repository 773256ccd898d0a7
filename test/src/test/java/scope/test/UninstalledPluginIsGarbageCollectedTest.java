package scope.test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;
import scope.runtime.manager.InstanceStatus;
import scope.runtime.manager.LoadEntry;
import scope.runtime.manager.PipelineManager;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.stream.StreamService;

/**
 * After a plugin that was loaded, streamed, listed and described over HTTP is uninstalled and the framework
 * refreshed, nothing in the platform holds on to its classes: its class loader is garbage-collected.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UninstalledPluginIsGarbageCollectedTest {
    @Inject
    BundleContext context;
    @Inject
    PipelineRegistry registry;
    @Inject
    PipelineManager manager;
    @Inject
    StreamService streams;

    @Configuration
    public Option[] config() {
        return Distribution.options(Distribution.freePort(), Distribution.newHome());
    }

    @Test
    public void uninstalledPluginsClassLoaderIsCollected() throws Exception {
        Http http = new Http(Integer.parseInt(context.getProperty("scope.port")));
        http.awaitUp();
        Path dropped = HotSwap.drop(context, HotSwap.example("pipeline.invert"), "pipeline.invert.jar");
        HotSwap.await("invert registered", 30, () -> registry.pipeline("invert").isPresent());
        WeakReference<ClassLoader> loader = exercise(http);

        Files.delete(dropped);
        HotSwap.await("invert uninstalled", 30, () -> HotSwap.bundle(context, "pipeline.invert") == null);
        // scoped refresh of whatever the uninstall left pending (FileInstall may have done it already)
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        CountDownLatch refreshed = new CountDownLatch(1);
        wiring.refreshBundles(wiring.getRemovalPendingBundles(), e -> refreshed.countDown());
        assertTrue(refreshed.await(30, TimeUnit.SECONDS));
        assertTrue(wiring.getRemovalPendingBundles().isEmpty());

        int rounds = 0;
        while (loader.get() != null && rounds < 50) {
            System.gc();
            Thread.sleep(100);
            rounds++;
        }
        System.out.printf("HOTSWAP uninstalled plugin's class loader collected: %s after %d gc rounds%n",
                loader.get() == null, rounds);
        assertEquals("the plugin's class loader is still reachable after " + rounds + " gc rounds", null,
                loader.get());
    }

    /** Uses the plugin every way the platform can; returns only a weak reference to its class loader. */
    private WeakReference<ClassLoader> exercise(Http http) throws Exception {
        Bundle invert = HotSwap.bundle(context, "pipeline.invert");
        assertNotNull(invert);
        ObjectMapper m = new ObjectMapper();
        assertEquals(200, http.post("/api/v1/pipeline/load",
                "{\"pipelines\":[{\"node_id\":\"invert\",\"pipeline_id\":\"invert\",\"load_params\":{}}]}").status());
        HotSwap.await("loaded", 30, () -> manager.status().status() == InstanceStatus.LOADED);
        assertEquals(200, http.get("/api/v1/pipelines/schemas").status());
        assertEquals(200, http.get("/api/v1/plugins").status());
        assertEquals(200, http.get("/api/v1/pipeline/status").status());
        assertEquals(200, http.get("/api/v1/nodes/definitions").status());
        try (HotSwap.Driver d = new HotSwap.Driver(20)) {
            d.start(streams.open(m.readTree("{\"pipeline_ids\":[\"invert\"]}"), d));
            HotSwap.await("output", 30, () -> d.arrivals.size() >= 10);
            d.stream().update(m.readTree("{\"amount\":0.5}"));
            HotSwap.await("more output", 30, () -> d.arrivals.size() >= 20);
        }
        ClassLoader cl = manager.loaded("invert").orElseThrow().pipeline().getClass().getClassLoader();
        assertEquals(invert.loadClass("scope.example.invert.InvertPipeline").getClassLoader(), cl);
        return new WeakReference<>(cl);
    }
}
