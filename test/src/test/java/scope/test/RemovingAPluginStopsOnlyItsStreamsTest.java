package scope.test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import scope.runtime.manager.InstanceStatus;
import scope.runtime.manager.InstanceView;
import scope.runtime.manager.LoadEntry;
import scope.runtime.manager.PipelineManager;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.stream.StreamService;

/**
 * Removing plugin A (deleting its file) while it streams stops that stream with a message naming the pipeline, at
 * once (an uninstall does not wait for an update that will not come); a stream over another plugin's pipeline goes
 * on, its instance untouched.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemovingAPluginStopsOnlyItsStreamsTest {
    @Inject
    BundleContext context;
    @Inject
    PipelineRegistry registry;
    @Inject
    PipelineManager manager;
    @Inject
    StreamService streams;
    @Inject
    ConfigurationAdmin config;

    @Configuration
    public Option[] config() {
        return Distribution.options(Distribution.freePort(), Distribution.newHome());
    }

    @Test
    public void removedPluginsStreamGetsStreamStoppedAndTheOtherStreamContinues() throws Exception {
        // a grace far longer than the waits below: only the uninstall path can stop the stream in time
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("replacement.grace.ms", 600_000L);
        config.getConfiguration("scope.plugins", "?").update(props);
        Path dropped = HotSwap.drop(context, HotSwap.example("pipeline.invert"), "pipeline.invert.jar");
        HotSwap.await("invert registered", 30, () -> registry.pipeline("invert").isPresent());
        ObjectMapper m = new ObjectMapper();
        manager.load(List.of(new LoadEntry("invert", "invert", m.createObjectNode()),
                new LoadEntry("passthrough", "passthrough", m.createObjectNode())));
        HotSwap.await("both loaded", 30, () -> manager.status().status() == InstanceStatus.LOADED);
        String passthroughId = manager.loaded("passthrough").orElseThrow().instanceId();

        try (HotSwap.Driver a = new HotSwap.Driver(50); HotSwap.Driver other = new HotSwap.Driver(50)) {
            a.start(streams.open(m.readTree("{\"pipeline_ids\":[\"invert\"]}"), a));
            other.start(streams.open(m.readTree("{\"pipeline_ids\":[\"passthrough\"]}"), other));
            HotSwap.await("output flowing", 30, () -> a.arrivals.size() >= 5 && other.arrivals.size() >= 5);

            Files.delete(dropped);
            HotSwap.await("stream over invert stopped", 60, () -> a.stoppedCalled);
            String message = a.stopped.get();
            assertTrue("message names the pipeline and the removal: " + message,
                    message != null && message.contains("'invert'") && message.contains("removed"));

            long after = other.now();
            HotSwap.await("the other stream keeps delivering", 30, () -> other.framesSince(after) >= 10);
            assertFalse("the other stream was not stopped: " + other.stopped.get(), other.stoppedCalled);
            assertNull(other.stopped.get());
            assertEquals(passthroughId, manager.loaded("passthrough").orElseThrow().instanceId());
            assertTrue(manager.status().instances().stream().map(InstanceView::pipelineId)
                    .noneMatch("invert"::equals));
        }
    }
}
