package scope.test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import scope.runtime.manager.LoadEntry;
import scope.runtime.manager.LoadedPipeline;
import scope.runtime.manager.PipelineManager;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.stream.ManagedStreams;
import scope.runtime.stream.StreamService;

/**
 * Rule 6, make-before-break: when plugin A itself is updated (a new jar in the drop folder, or a reload through the
 * API), its loaded instance is replaced by one from the new code with the same load params, and the stream using
 * it switches over at a batch boundary instead of stopping.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpdatingAPluginReplacesItsInstanceWhileTheStreamRunsTest {
    @Inject
    BundleContext context;
    @Inject
    PipelineRegistry registry;
    @Inject
    PipelineManager manager;
    @Inject
    StreamService streams;
    @Inject
    ManagedStreams managed;

    @Configuration
    public Option[] config() {
        return Distribution.options(Distribution.freePort(), Distribution.newHome());
    }

    /** True once the loaded invert instance comes from the current revision of the bundle and the stream uses it. */
    boolean servedByCurrentRevision(String streamId, String version) {
        Bundle b = HotSwap.bundle(context, "pipeline.invert");
        LoadedPipeline p = manager.loaded("invert").orElse(null);
        if (b == null || p == null || b.getState() != Bundle.ACTIVE || !b.getVersion().toString().equals(version)) {
            return false;
        }
        try {
            return p.pipeline().getClass() == b.loadClass("scope.example.invert.InvertPipeline")
                    && managed.instancesByStream().get(streamId).equals(List.of(p.instanceId()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    public void updatedPluginsInstanceIsSwappedInAndTheStreamKeepsRunning() throws Exception {
        Http http = new Http(Integer.parseInt(context.getProperty("scope.port")));
        http.awaitUp();
        Path v1 = HotSwap.example("pipeline.invert");
        HotSwap.drop(context, v1, "pipeline.invert.jar");
        HotSwap.await("invert registered", 30, () -> registry.pipeline("invert").isPresent());
        ObjectMapper m = new ObjectMapper();
        JsonNode params = m.readTree("{\"height\":64,\"width\":64}");
        manager.load(List.of(new LoadEntry("invert", "invert", params)));
        HotSwap.await("loaded", 30, () -> manager.status().status() == InstanceStatus.LOADED);
        LoadedPipeline before = manager.loaded("invert").orElseThrow();
        String version = HotSwap.bundle(context, "pipeline.invert").getVersion().toString();

        try (HotSwap.Driver d = new HotSwap.Driver(50)) {
            d.start(streams.open(m.readTree("{\"pipeline_ids\":[\"invert\"]}"), d));
            String streamId = d.stream().id();
            HotSwap.await("output", 30, () -> d.arrivals.size() >= 10);

            // 1. a new jar in the drop folder (FileInstall: update, then a refresh of that bundle)
            Path v2 = Files.createTempFile("invert-v2", ".jar");
            Files.write(v2, HotSwap.withVersion(v1, "0.2.0"));
            long from = d.now();
            HotSwap.drop(context, v2, "pipeline.invert.jar");
            HotSwap.await("the new revision's instance serves the stream", 60,
                    () -> servedByCurrentRevision(streamId, "0.2.0"));
            LoadedPipeline after = manager.loaded("invert").orElseThrow();
            assertNotEquals(before.instanceId(), after.instanceId());
            assertNotEquals(before.pipeline().getClass().getClassLoader(), after.pipeline().getClass().getClassLoader());
            assertEquals("same load params", before.loadParams(), after.loadParams());
            long swapped = d.now();
            HotSwap.await("output after the swap", 30, () -> d.framesSince(swapped) >= 10);
            assertFalse("the stream was not stopped: " + d.stopped.get(), d.stoppedCalled);
            System.out.printf("HOTSWAP update of the streaming plugin by file: max output gap %.1f ms (interval 50 ms)%n",
                    d.maxGapMillis(from, d.now()));

            // 2. reload through the API: update from its file and a refresh scoped to it
            Http.Response r = http.post("/api/v1/plugins/pipeline.invert/reload", "{}");
            assertEquals(r.body(), 200, r.status());
            assertEquals(List.of("invert"), List.of(m.convertValue(r.json().get("reloaded_pipelines"), String[].class)));
            HotSwap.await("the reloaded revision's instance serves the stream", 60,
                    () -> servedByCurrentRevision(streamId, "0.2.0")
                            && !manager.loaded("invert").orElseThrow().instanceId().equals(after.instanceId()));
            long reloaded = d.now();
            HotSwap.await("output after the reload", 30, () -> d.framesSince(reloaded) >= 10);
            assertFalse(d.stoppedCalled);
            assertNull(d.stopped.get());
            assertTrue(d.arrivals.size() > 30);
        }
        assertTrue(version.startsWith("0.1.0"));
    }
}
