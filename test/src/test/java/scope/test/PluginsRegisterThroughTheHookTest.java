package scope.test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import scope.runtime.registry.PipelineRegistry;

/**
 * A plugin bundle's pipelines arrive through its hook service; a plugin whose hook throws is listed as failed and
 * disturbs nothing else.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginsRegisterThroughTheHookTest {

    @Inject
    BundleContext context;
    @Inject
    PipelineRegistry registry;
    Http http;

    @Configuration
    public Option[] config() {
        return Distribution.options(Distribution.freePort(), Distribution.newHome(), "sample", "broken");
    }

    @Before
    public void up() throws Exception {
        // the port lives in the framework: this class is loaded twice (runner and probe)
        http = new Http(Integer.parseInt(context.getProperty("scope.port")));
        http.awaitUp();
    }

    @Test
    public void pluginPipelinesAreListedWithTheirBundle() throws Exception {
        JsonNode schemas = http.get("/api/v1/pipelines/schemas").json();
        JsonNode echo = schemas.at("/pipelines/test-echo");
        assertFalse("test-echo listed: " + schemas.get("pipelines").fieldNames(), echo.isMissingNode());
        assertEquals("test.plugins.sample", echo.get("plugin_name").asText());
        assertTrue(echo.at("/config_schema/properties/model_size/ui/is_load_param").asBoolean());
        assertEquals("Grayscale", schemas.at("/pipelines/gray/name").asText());
        assertEquals("preprocessor", schemas.at("/pipelines/gray/usage/0").asText());
        assertEquals("passthrough", schemas.at("/pipelines/passthrough/id").asText());
    }

    @Test
    public void failingPluginIsIsolatedAndReported() throws Exception {
        JsonNode plugins = http.get("/api/v1/plugins").json();
        JsonNode failed = plugins.get("failed_plugins");
        assertEquals(1, failed.size());
        assertEquals("test.plugins.broken", failed.get(0).get("package_name").asText());
        assertEquals("IllegalStateException", failed.get(0).get("error_type").asText());
        assertTrue(failed.get(0).get("error_message").asText().contains("always fails"));
        // nothing it registered before throwing is visible; every other plugin is
        assertTrue(http.get("/api/v1/pipelines/schemas").json().at("/pipelines/test-broken").isMissingNode());
        assertTrue(registry.pipeline("test-echo").isPresent());
        assertTrue(registry.pipeline("passthrough").isPresent());
        boolean sampleListed = false;
        for (JsonNode p : plugins.get("plugins")) {
            sampleListed |= p.get("name").asText().equals("test.plugins.sample");
        }
        assertTrue(sampleListed);
    }

    @Test
    public void stoppingAPluginRemovesItsPipelinesAndStartingItBringsThemBack() throws Exception {
        org.osgi.framework.Bundle sample = null;
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals("test.plugins.sample")) {
                sample = b;
            }
        }
        assertNotNull(sample);
        sample.stop();
        assertTrue(http.get("/api/v1/pipelines/schemas").json().at("/pipelines/test-echo").isMissingNode());
        assertTrue(registry.pipeline("passthrough").isPresent());
        sample.start();
        assertFalse(http.get("/api/v1/pipelines/schemas").json().at("/pipelines/test-echo").isMissingNode());
    }
}
