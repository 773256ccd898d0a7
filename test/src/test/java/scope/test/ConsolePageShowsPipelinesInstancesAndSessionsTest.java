package scope.test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import scope.runtime.manager.InstanceStatus;
import scope.runtime.manager.LoadEntry;
import scope.runtime.manager.PipelineManager;
import scope.runtime.stream.StreamService;

/**
 * The web console's Scope page shows the GPU, every pipeline with its bundle and availability (with the filter
 * reason), the loaded instances with their instance ids, the running sessions, and the plugins; the platform
 * settings have Metatype, so the console's configuration page can edit them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsolePageShowsPipelinesInstancesAndSessionsTest {
    @Inject
    BundleContext context;
    @Inject
    PipelineManager manager;
    @Inject
    StreamService streams;
    @Inject
    MetaTypeService metatype;

    @Configuration
    public Option[] config() {
        return Distribution.options(Distribution.freePort(), Distribution.newHome(), "sample");
    }

    @Test
    public void scopePageListsWhatRuns() throws Exception {
        Http http = new Http(Integer.parseInt(context.getProperty("scope.port")));
        http.awaitUp();
        ObjectMapper m = new ObjectMapper();
        manager.load(List.of(new LoadEntry("passthrough", "passthrough", m.createObjectNode())));
        HotSwap.await("loaded", 30, () -> manager.status().status() == InstanceStatus.LOADED);
        String instanceId = manager.loaded("passthrough").orElseThrow().instanceId();
        try (HotSwap.Driver d = new HotSwap.Driver(50)) {
            d.start(streams.open(m.readTree("{\"pipeline_ids\":[\"passthrough\"]}"), d));
            HotSwap.await("output", 30, () -> d.arrivals.size() >= 3);
            Http.Response page = http.getAsAdmin("/system/console/scope");
            assertEquals(page.body(), 200, page.status());
            String html = page.body();
            assertTrue(html.contains("scope-gpu"));
            assertTrue("pipeline with its bundle", html.contains("passthrough") && html.contains("pipeline.builtin"));
            assertTrue("filtered pipeline with reason", html.contains("test-heavy") && html.contains("no: "));
            assertTrue("loaded instance id", html.contains(instanceId));
            assertTrue("session", html.contains(d.stream().id()));
            assertTrue("plugin", html.contains("test.plugins.sample"));
            assertTrue("OSC counters", html.contains("scope-osc") && html.contains("Malformed"));
            String events = html.substring(Math.max(0, html.indexOf("scope-events")));
            assertTrue("events: plugins that registered since start: " + events,
                    events.contains("plugin test.plugins.sample") && events.contains("test-echo")
                            && events.contains("plugin pipeline.builtin"));
        }
        assertEquals(401, http.get("/system/console/scope").status());
        // settings the console's configuration page can edit: described by Metatype
        org.osgi.framework.Bundle runtime = HotSwap.bundle(context, "scope.runtime");
        List<String> pids = List.of(metatype.getMetaTypeInformation(runtime).getPids());
        assertTrue(pids.toString(), pids.contains("scope.plugins") && pids.contains("scope.hardware"));
        List<String> attributes = new java.util.ArrayList<>();
        for (AttributeDefinition a : metatype.getMetaTypeInformation(runtime)
                .getObjectClassDefinition("scope.plugins", null).getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            attributes.add(a.getID());
        }
        assertTrue(attributes.toString(), attributes.containsAll(List.of("upload.max.mb", "operation.timeout.s",
                "replacement.grace.ms")));
    }
}
