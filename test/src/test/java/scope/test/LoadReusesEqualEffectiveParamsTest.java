package scope.test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The seed bug (a pipeline reloaded although nothing that needs a reload changed) cannot happen: instances are
 * reused when the pipeline and its canonical effective load params are equal; a changed load param gives a new
 * instance; runtime-only values never reload; {@code loading} is visible right after the POST.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoadReusesEqualEffectiveParamsTest {

    @Inject
    BundleContext context;
    Http http;

    @Configuration
    public Option[] config() {
        return options(CoreOptions.composite(Distribution.options(Distribution.freePort(), Distribution.newHome(), "sample")),
                systemProperty("scope.test.loadDelayMs").value("400"));
    }

    @Before
    public void up() throws Exception {
        // the port lives in the framework: this class is loaded twice (runner and probe)
        http = new Http(Integer.parseInt(context.getProperty("scope.port")));
        http.awaitUp();
    }

    int loads() throws Exception {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals("test.plugins.sample")) {
                return ((AtomicInteger) b.loadClass("scope.testplugin.sample.SamplePlugin").getField("LOADS")
                        .get(null)).get();
            }
        }
        throw new AssertionError("sample plugin not installed");
    }

    String load(String body) throws Exception {
        Http.Response r = http.post("/api/v1/pipeline/load", body);
        assertEquals(r.body(), 200, r.status());
        JsonNode s = http.awaitSettled();
        assertEquals(s.toString(), "loaded", s.get("status").asText());
        return s.at("/instances/0/instance_id").asText();
    }

    @Test
    public void equalEffectiveParamsKeepTheInstanceAndChangedLoadParamsReplaceIt() throws Exception {
        int before = loads();
        String first = load("{\"pipelines\":[{\"node_id\":\"echo\",\"pipeline_id\":\"test-echo\",\"load_params\":{}}]}");
        assertEquals(before + 1, loads());
        // defaults spelled out, other key order and number formatting, a runtime-only value changed
        String again = load("{\"pipelines\":[{\"pipeline_id\":\"test-echo\",\"node_id\":\"echo\",\"load_params\":"
                + "{\"strength\":0.9,\"width\":512.0,\"model_size\":\"small\",\"height\":5.12e2}}]}");
        assertEquals(first, again);
        assertEquals("no second load", before + 1, loads());
        String changed = load("{\"pipelines\":[{\"node_id\":\"echo\",\"pipeline_id\":\"test-echo\",\"load_params\":"
                + "{\"model_size\":\"large\"}}]}");
        assertNotEquals(first, changed);
        assertEquals(before + 2, loads());
        JsonNode status = http.get("/api/v1/pipeline/status").json();
        assertEquals("large", status.at("/instances/0/load_params/model_size").asText());
        assertTrue(status.at("/instances/0/load_params/strength").isMissingNode());
    }

    @Test
    public void loadingIsVisibleRightAfterThePost() throws Exception {
        Http.Response r = http.post("/api/v1/pipeline/load",
                "{\"pipelines\":[{\"node_id\":\"fresh\",\"pipeline_id\":\"test-echo\",\"load_params\":{\"model_size\":\"tiny\"}}]}");
        assertEquals(200, r.status());
        JsonNode s = http.get("/api/v1/pipeline/status").json();
        assertEquals("loading", s.get("status").asText());
        assertEquals("loading", s.at("/instances/0/status").asText());
        assertEquals("loaded", http.awaitSettled().get("status").asText());
    }

    @Test
    public void passthroughLoadedTwiceKeepsItsInstance() throws Exception {
        String first = load("{\"pipeline_ids\":[\"passthrough\"],\"load_params\":{\"height\":512,\"width\":512}}");
        String second = load("{\"pipeline_ids\":[\"passthrough\"]}");
        assertEquals(first, second);
    }

    @Test
    public void legacyFormLoadsAChain() throws Exception {
        load("{\"pipeline_ids\":[\"gray\",\"passthrough\"]}");
        JsonNode s = http.get("/api/v1/pipeline/status").json();
        assertEquals(2, s.get("instances").size());
        assertEquals("gray", s.get("pipeline_id").asText());
    }
}
