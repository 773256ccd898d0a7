package scope.test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.inject.Inject;
import org.junit.Before;
import org.osgi.framework.BundleContext;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;
import scope.runtime.gpu.HardwareService;

/**
 * A pipeline with {@code estimated_vram_gb} is listed only when it fits the GPU's VRAM; otherwise it appears under
 * {@code filtered} with the reason, and loading it is refused. VRAM comes from configuration here (the web console
 * edits the same configuration).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PipelinesAreFilteredByVramTest {

    @Inject
    ConfigurationAdmin configAdmin;
    @Inject
    HardwareService hardware;
    @Inject
    BundleContext context;
    Http http;

    @Configuration
    public Option[] config() {
        return Distribution.options(Distribution.freePort(), Distribution.newHome(), "sample");
    }

    @Before
    public void up() throws Exception {
        // the port lives in the framework: this class is loaded twice (runner and probe)
        http = new Http(Integer.parseInt(context.getProperty("scope.port")));
        http.awaitUp();
    }

    void setVram(double gb) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(HardwareService.PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("vram.gb", gb);
        c.update(props);
        for (int i = 0; i < 200 && hardware.gpu().vramGb() != gb; i++) {
            Thread.sleep(20);
        }
        assertEquals(gb, hardware.gpu().vramGb(), 0.0);
    }

    @Test
    public void largeGpuListsEveryPipeline() throws Exception {
        setVram(80);
        JsonNode s = http.get("/api/v1/pipelines/schemas").json();
        for (String id : new String[] {"passthrough", "gray", "longlive", "krea-realtime-video",
                "video-depth-anything", "test-heavy"}) {
            assertFalse(id + " listed", s.at("/pipelines/" + id).isMissingNode());
        }
        assertEquals(0, s.get("filtered").size());
        assertEquals(80.0, http.get("/api/v1/hardware/info").json().get("vram_gb").asDouble(), 0.0);
    }

    @Test
    public void smallGpuFiltersBigPipelinesWithAReason() throws Exception {
        setVram(8);
        JsonNode s = http.get("/api/v1/pipelines/schemas").json();
        assertTrue(s.at("/pipelines/longlive").isMissingNode());
        assertTrue(s.at("/pipelines/krea-realtime-video").isMissingNode());
        assertEquals("needs about 20 GB of VRAM; the GPU has 8 GB", s.at("/filtered/longlive").asText());
        assertEquals("needs about 32 GB of VRAM; the GPU has 8 GB", s.at("/filtered/krea-realtime-video").asText());
        assertFalse(s.at("/pipelines/video-depth-anything").isMissingNode());
        assertFalse(s.at("/pipelines/passthrough").isMissingNode());
        Http.Response r = http.post("/api/v1/pipeline/load", "{\"pipeline_ids\":[\"longlive\"]}");
        assertEquals(409, r.status());
        assertTrue(r.json().get("detail").asText().contains("not available"));
    }

    @Test
    public void noGpuKeepsOnlyPipelinesWithoutAnEstimate() throws Exception {
        setVram(0);
        JsonNode s = http.get("/api/v1/pipelines/schemas").json();
        assertFalse(s.at("/pipelines/gray").isMissingNode());
        assertFalse(s.at("/pipelines/test-echo").isMissingNode());
        assertTrue(s.at("/filtered/video-depth-anything").asText().contains("no GPU detected"));
        assertTrue(http.get("/api/v1/hardware/info").json().get("vram_gb").isNull());
    }

    @Test
    public void modelPipelineWithoutModelsReportsAClearLoadError() throws Exception {
        setVram(80);
        Http.Response r = http.post("/api/v1/pipeline/load", "{\"pipeline_ids\":[\"longlive\"]}");
        assertEquals(200, r.status());
        JsonNode s = http.awaitSettled();
        assertEquals("error", s.get("status").asText());
        String error = s.get("error").asText();
        assertTrue(error, error.contains("Models for 'longlive' are not present"));
        assertTrue(error, error.contains("LongLive-1.3B/models/longlive_base.pt"));
        assertEquals("still reported on the next poll", "error", http.get("/api/v1/pipeline/status").json()
                .get("status").asText());
        JsonNode models = http.get("/api/v1/models/status?pipeline_id=longlive").json();
        assertFalse(models.get("downloaded").asBoolean());
    }
}
