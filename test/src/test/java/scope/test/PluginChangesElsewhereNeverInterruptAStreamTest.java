package scope.test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
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
import scope.runtime.manager.InstanceStatus;
import scope.runtime.manager.InstanceView;
import scope.runtime.manager.LoadEntry;
import scope.runtime.manager.PipelineManager;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.stream.StreamService;

/**
 * Rule 5 of hot-swap, measured: while a stream runs over pipelines of plugin A (test-echo from the sample plugin,
 * and the example invert plugin from the drop folder), installing, updating and removing another plugin B never
 * reloads A's instances and never makes the output gap by more than 1.5 frame intervals.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginChangesElsewhereNeverInterruptAStreamTest {
    /**
     * Generous on purpose: the guarantee is about plugin changes, not about a loaded 2-core machine's jitter. With
     * no plugin activity at all the output already jitters by ~35 ms here (sleep/poll granularity of producer, chain
     * and pacer), so the interval is chosen well above that.
     */
    static final long FRAME_INTERVAL_MS = 200;

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
        return Distribution.options(Distribution.freePort(), Distribution.newHome(), "sample");
    }

    int echoLoads() throws Exception {
        Bundle sample = HotSwap.bundle(context, "test.plugins.sample");
        return ((AtomicInteger) sample.loadClass("scope.testplugin.sample.SamplePlugin").getField("LOADS")
                .get(null)).get();
    }

    Map<String, String> instanceIds() {
        return manager.status().instances().stream()
                .collect(Collectors.toMap(InstanceView::nodeId, InstanceView::instanceId));
    }

    @Test
    public void installingUpdatingAndRemovingAnotherPluginNeverReloadsOrStallsThisStream() throws Exception {
        HotSwap.drop(context, HotSwap.example("pipeline.invert"), "pipeline.invert.jar");
        HotSwap.await("invert registered", 30, () -> registry.pipeline("invert").isPresent());
        ObjectMapper m = new ObjectMapper();
        manager.load(List.of(new LoadEntry("test-echo", "test-echo", m.createObjectNode()),
                new LoadEntry("invert", "invert", m.createObjectNode())));
        HotSwap.await("both loaded", 30, () -> manager.status().status() == InstanceStatus.LOADED);
        Map<String, String> ids = instanceIds();
        int loads = echoLoads();

        try (HotSwap.Driver driver = new HotSwap.Driver(FRAME_INTERVAL_MS)) {
            driver.start(streams.open(m.readTree("{\"pipeline_ids\":[\"test-echo\",\"invert\"]}"), driver));
            HotSwap.await("output flowing", 30, () -> driver.arrivals.size() >= 5);
            long quiet = driver.now();
            Thread.sleep(3_000); // a quiet window for comparison: the same stream with no plugin activity
            long from = driver.now();

            Path other = HotSwap.testPlugin("other");
            Path dropped = HotSwap.drop(context, other, "test.plugins.other.jar");
            HotSwap.await("B installed", 30, () -> registry.pipeline("test-other").isPresent());
            Path v2 = Files.createTempFile("other-v2", ".jar");
            Files.write(v2, HotSwap.withVersion(other, "0.2.0"));
            HotSwap.drop(context, v2, "test.plugins.other.jar");
            HotSwap.await("B updated", 30, () -> registry.pipeline("test-other")
                    .map(p -> p.origin().version().equals("0.2.0")).orElse(false));
            Files.delete(dropped);
            HotSwap.await("B removed", 30, () -> HotSwap.bundle(context, "test.plugins.other") == null
                    && registry.pipeline("test-other").isEmpty());
            Thread.sleep(1_000); // the refresh after an uninstall happens after the event
            long to = driver.now();

            assertNull("the stream did not stop", driver.stopped.get());
            assertFalse(driver.stoppedCalled);
            assertEquals("A's instances were never reloaded", ids, instanceIds());
            assertEquals("test-echo was loaded once", loads, echoLoads());
            double gap = driver.maxGapMillis(from, to);
            int frames = driver.framesSince(from);
            System.out.printf("HOTSWAP max output gap while B was installed, updated and removed: %.1f ms "
                    + "(frame interval %d ms, %d frames); with no plugin activity: %.1f ms%n", gap,
                    FRAME_INTERVAL_MS, frames, driver.maxGapMillis(quiet, from));
            assertTrue("max gap " + gap + " ms exceeds 1.5 x " + FRAME_INTERVAL_MS + " ms",
                    gap <= 1.5 * FRAME_INTERVAL_MS);
        }
    }
}
