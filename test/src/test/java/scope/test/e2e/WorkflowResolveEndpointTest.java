package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;

/**
 * {@code POST /api/v1/workflow/resolve} on the real server: both formats, the VRAM filter reason, 422s that name the
 * field, the body size limit, and that resolving loads nothing.
 */
public class WorkflowResolveEndpointTest {
    @Test
    public void resolvesBothFormatsAndRejectsBadBodies() throws Exception {
        try (ScopeServer server = ScopeServer.start(E2e.TARGET.resolve("e2e").resolve("WorkflowResolveEndpointTest"))) {
            ScopeServer.Response r = server.post("/api/v1/workflow/resolve", """
                    {"format":"scope-workflow","metadata":{"name":"x","scope_version":"99.0"},
                     "pipelines":[{"pipeline_id":"gray","role":"preprocessor"},
                                  {"pipeline_id":"longlive","role":"main","source":{"type":"builtin"},
                                   "loras":[{"filename":"style.safetensors"}]}]}""");
            assertEquals(r.body(), 200, r.status());
            JsonNode items = r.json().get("items");
            assertEquals("ok", items.get(0).get("status").asText());
            assertEquals("longlive", items.get(1).get("name").asText());
            assertEquals("unavailable", items.get(1).get("status").asText());
            assertTrue(items.get(1).get("detail").asText(), items.get(1).get("detail").asText().contains("no GPU"));
            assertEquals("missing", items.get(2).get("status").asText());
            assertFalse(r.json().get("can_apply").asBoolean());
            assertTrue(r.json().toString(), r.json().get("warnings").get(0).asText().contains("99.0"));

            r = server.post("/api/v1/workflow/resolve", """
                    {"prompts":[{"startTime":0,"endTime":5,"prompts":[{"text":"x","weight":100}]}],
                     "settings":{"pipelineId":"passthrough","resolution":{"height":512,"width":512}},"version":"2.0"}""");
            assertEquals(r.body(), 200, r.status());
            assertEquals("timeline", r.json().get("format").asText());
            assertTrue(r.json().get("can_apply").asBoolean());

            r = server.post("/api/v1/workflow/resolve", "[]");
            assertEquals(422, r.status());
            assertTrue(r.body(), r.body().contains("body"));
            r = server.post("/api/v1/workflow/resolve", "{\"pipelines\":[{\"pipeline_id\":3}]}");
            assertEquals(422, r.status());
            assertTrue(r.body(), r.body().contains("pipeline_id"));
            assertEquals(413, server.postDeclaringSize("/api/v1/workflow/resolve", (1 << 20) + 1));
            r = server.post("/api/v1/workflow/resolve", "{not json");
            assertEquals(400, r.status());
            assertEquals(404, server.get("/api/v1/workflow/other").status());
            assertEquals(405, server.get("/api/v1/workflow/resolve").status());

            assertEquals("resolve loads nothing", "not_loaded",
                    server.get("/api/v1/pipeline/status").json().get("status").asText());
        }
    }
}
