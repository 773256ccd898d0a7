package scope.test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Malformed or invalid requests get a 4xx whose detail names the problem, and the server keeps serving. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadRequestsGetClearErrorsTest {
    @Inject
    BundleContext context;
    Http http;

    @Configuration
    public Option[] config() {
        return Distribution.options(Distribution.freePort(), Distribution.newHome());
    }

    @Before
    public void up() throws Exception {
        // the port lives in the framework: this class is loaded twice (runner and probe)
        http = new Http(Integer.parseInt(context.getProperty("scope.port")));
        http.awaitUp();
    }

    @Test
    public void malformedJsonIs400() throws Exception {
        Http.Response r = http.post("/api/v1/pipeline/load", "{\"pipeline_ids\": [");
        assertEquals(400, r.status());
        assertTrue(r.json().get("detail").asText().startsWith("Malformed JSON"));
    }

    @Test
    public void missingPipelinesIs400WithScopesMessage() throws Exception {
        Http.Response r = http.post("/api/v1/pipeline/load", "{}");
        assertEquals(400, r.status());
        assertEquals("Either 'pipelines' or 'pipeline_ids' must be provided", r.json().get("detail").asText());
    }

    @Test
    public void unknownPipelineIs404() throws Exception {
        Http.Response r = http.post("/api/v1/pipeline/load", "{\"pipeline_ids\":[\"nope\"]}");
        assertEquals(404, r.status());
        assertTrue(r.json().get("detail").asText().contains("'nope'"));
    }

    @Test
    public void outOfRangeAndWrongTypesAre422NamingTheField() throws Exception {
        Http.Response r = http.post("/api/v1/pipeline/load",
                "{\"pipelines\":[{\"pipeline_id\":\"gray\",\"load_params\":{\"height\":0,\"width\":\"wide\"}}]}");
        assertEquals(422, r.status());
        JsonNode detail = r.json().get("detail");
        assertEquals(2, detail.size());
        String all = detail.toString();
        assertTrue(all, all.contains("pipelines[0].load_params.height: must be >= 1"));
        assertTrue(all, all.contains("pipelines[0].load_params.width: expected an integer"));
        Http.Response wrong = http.post("/api/v1/pipeline/load", "{\"pipelines\":\"gray\"}");
        assertEquals(422, wrong.status());
        assertTrue(wrong.body().contains("pipelines"));
        // load params are a free dict, as in Scope: an unknown key is ignored and named in the warnings
        Http.Response unknownField = http.post("/api/v1/pipeline/load",
                "{\"pipelines\":[{\"pipeline_id\":\"gray\",\"load_params\":{\"colour\":1}}]}");
        assertEquals(unknownField.body(), 200, unknownField.status());
        assertTrue(unknownField.body(), unknownField.json().get("warnings").get(0).asText().contains("colour"));
        // known keys stay strict: beyond the field's range is a 422, never clamped
        Http.Response huge = http.post("/api/v1/pipeline/load",
                "{\"pipelines\":[{\"pipeline_id\":\"gray\",\"load_params\":{\"height\":1e308}}]}");
        assertEquals(huge.body(), 422, huge.status());
        assertTrue(huge.body(), huge.body().contains("height"));
        Http.Response trailing = http.post("/api/v1/pipeline/load", "{\"pipeline_ids\":[\"gray\"]} trailing");
        assertEquals(trailing.body(), 400, trailing.status());
        assertTrue(trailing.body(), trailing.body().contains("after the JSON value"));
        Http.Response plain = http.postBytes("/api/v1/pipeline/load", "text/plain",
                "{\"pipeline_ids\":[\"gray\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(plain.body(), 415, plain.status());
    }

    @Test
    public void nonObjectBodyAndUnknownRoutesAreRejected() throws Exception {
        assertEquals(422, http.post("/api/v1/pipeline/load", "[1,2]").status());
        assertEquals(404, http.get("/api/v1/nothing").status());
        assertEquals(405, http.get("/api/v1/pipeline/load").status());
        assertEquals(404, http.get("/api/v1/models/status?pipeline_id=nope").status());
        assertEquals(400, http.post("/api/v1/models/download", "{}").status());
    }
}
