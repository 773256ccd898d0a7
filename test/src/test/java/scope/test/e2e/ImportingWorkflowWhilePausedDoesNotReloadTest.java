package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.Test;

/**
 * The seed bug (Scope issue #90), through the browser UI: stream, pause, import a workflow that uses the same pipeline
 * with the same effective load parameters (written with other key order and number formatting) but a different
 * runtime value, resume. The loaded instance is not reloaded, the WebRTC session survives the pause, and the new
 * runtime value reaches the pipeline (test-tint's {@code level} darkens the video). Stop/Start with the same settings
 * reuses the instance too; a workflow that changes a load-time field (height) does get a new instance.
 */
public class ImportingWorkflowWhilePausedDoesNotReloadTest {
    static final String OUT = "[data-testid=output-video]";
    static final String IN = "[data-testid=input-preview]";
    static final String PHASE = "document.querySelector('[data-testid=status-phase]').textContent";
    static final String DIAG = PHASE + " + ' / ' + document.querySelector('[data-testid=status-stage]').textContent"
            + " + ' / ' + document.querySelector('[data-testid=status-error]').textContent"
            + " + ' / toasts: ' + JSON.stringify(e2e.toasts())";

    /** Same pipeline and effective load params as the running stream; keys shuffled, numbers spelled differently. */
    static final String SAME_LOAD_DIMMER = """
            {"pipelines": [{"role": "main",
                            "params": {"level": 2.0e-1, "width": 5.12e2, "input_mode": "video", "height": 512.0,
                                       "base_seed": 42},
                            "source": {"plugin_name": "test.plugins.sample", "type": "local"},
                            "pipeline_id": "test-tint", "loras": []}],
             "metadata": {"scope_version": "0.1.0", "name": "Dim tint"},
             "format_version": "1.0", "format": "scope-workflow", "prompts": []}
            """;

    /** The same, but a load-time field differs. */
    static final String SMALLER = """
            {"format": "scope-workflow", "format_version": "1.0", "metadata": {"name": "Small tint"},
             "pipelines": [{"pipeline_id": "test-tint", "role": "main",
                            "params": {"height": 256, "width": 512, "level": 0.2, "input_mode": "video"}}]}
            """;




    static String instanceId(E2e e, String node) throws Exception {
        for (JsonNode i : e.server.get("/api/v1/pipeline/status").json().path("instances")) {
            if (node.equals(i.path("node_id").asText())) {
                return i.path("instance_id").asText();
            }
        }
        throw new AssertionError("no instance for " + node);
    }

    /** Lines where the manager starts loading test-tint (one per fresh instance). */
    static long loads(E2e e) throws Exception {
        try (var lines = Files.lines(e.server.log())) {
            return lines.filter(l -> l.contains("Loading test-tint (test-tint)")).count();
        }
    }

    /** framesDecoded() is async, so it is polled from here rather than inside a page-side condition. */
    static void awaitDecoded(E2e e, long above, String what) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        long n = e.js("e2e.framesDecoded()").asLong();
        while (n <= above) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + ": " + n + " decoded, connections "
                        + e.js("JSON.stringify(e2e.peerConnections())").asText());
            }
            Thread.sleep(200);
            n = e.js("e2e.framesDecoded()").asLong();
        }
    }

    static void select(E2e e, String testId, String value) throws Exception {
        e.js("(() => { const s = document.querySelector('[data-testid=" + testId + "]'); s.value = " + E2e.quote(value)
                + "; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()");
    }

    static void clickAndAwaitStreaming(E2e e) throws Exception {
        e.js("document.querySelector('[data-testid=start-button]').click()");
        e.waitFor(PHASE + " === 'streaming'", 60, "the stream page to say streaming", DIAG);
    }

    static void importWorkflow(E2e e, String name, String json) throws Exception {
        e.js("e2e.pickFile('[data-testid=import-input]', " + E2e.quote(name) + ", " + E2e.quote(json) + ")");
    }

    @Test
    public void importWithSameLoadSettingsWhilePausedKeepsInstanceAndSession() throws Exception {
        E2e.run("ImportingWorkflowWhilePausedDoesNotReloadTest", e -> {
            e.server.deployPlugin(E2e.built("sample", "test.plugins.sample"));
            e.awaitPipeline("test-tint", 60);
            e.openUi("#stream");
            e.waitFor("document.querySelector('[data-testid=pipeline-select] option[value=test-tint]')", 30,
                    "test-tint in the pipeline list", "document.body.innerText.slice(0, 500)");
            select(e, "pipeline-select", "test-tint");
            select(e, "source-select", "camera");
            clickAndAwaitStreaming(e);
            e.js("e2e.watch('" + OUT + "') && e2e.watch('" + IN + "')");
            e.waitFor("e2e.frames('" + OUT + "') > 10", 30, "output frames", DIAG);
            String first = instanceId(e, "test-tint");
            assertEquals("one load so far", 1, loads(e));
            Brightness brightness = new Brightness(e, OUT, IN);
            double bright = brightness.await(false, 0.8); // level defaults to 1

            // pause with the UI's button: the session stays up, the output freezes
            e.js("document.querySelector('[data-testid=pause-button]').click()");
            e.waitFor("document.querySelector('[data-testid=pause-button]').getAttribute('aria-pressed') === 'true'"
                    + " && " + PHASE + " === 'paused'", 10, "the UI to show paused", DIAG);

            importWorkflow(e, "dim-tint.scope-workflow.json", SAME_LOAD_DIMMER);
            e.waitFor("e2e.toasts().some(t => t.includes('applied to the running stream'))", 15,
                    "the import to be applied live", DIAG);
            // the resolve endpoint checked the plugin (by bundle name) and the pipeline
            e.waitFor("document.querySelector('[data-testid=workflow-resolve] li[data-kind=plugin][data-status=ok]')"
                    + " && document.querySelector('[data-testid=workflow-resolve] li[data-kind=pipeline][data-status=ok]')",
                    10, "the dependency report", "document.querySelector('#workflow-report').innerText");
            assertEquals("still paused, not torn down", "paused", e.js(PHASE).asText());
            assertEquals(0.2, e.js("Number(document.querySelector('[data-field=level] input[type=number]').value)")
                    .asDouble(), 1e-9);
            assertTrue("the level went out on the data channel: " + e.js("JSON.stringify(e2e.sent())"),
                    e.js("e2e.sent().some(m => m.level === 0.2)").asBoolean());

            // resume as a user would
            e.js("document.querySelector('[data-testid=pause-button]').click()");
            e.waitFor(PHASE + " === 'streaming'", 10, "the UI to resume", DIAG);
            long decoded = e.js("e2e.framesDecoded()").asLong();
            double dim = brightness.await(true, 0.45);
            awaitDecoded(e, decoded + 15, "frames after resume on the same connection");
            assertEquals("one peer connection, still connected", "[\"connected\"]",
                    e.js("JSON.stringify(e2e.peerConnections())").asText());
            assertEquals("same instance after import and resume", first, instanceId(e, "test-tint"));
            assertEquals("no second load", 1, loads(e));

            // Stop, then Start with the imported settings: the server reuses the instance
            e.js("document.querySelector('[data-testid=stop-button]').click()");
            e.waitFor(PHASE + " === 'idle'", 10, "the stream to stop", DIAG);
            clickAndAwaitStreaming(e);
            awaitDecoded(e, 15, "frames on the new connection");
            brightness.await(true, 0.45);
            assertEquals("Start with equal load settings reuses the instance", first, instanceId(e, "test-tint"));
            assertEquals("still no second load", 1, loads(e));

            // a load-time difference: the stream stops (no silent reload), and Start loads a new instance
            importWorkflow(e, "small-tint.scope-workflow.json", SMALLER);
            e.waitFor("e2e.toasts().some(t => t.includes('changes load-time settings (height)'))", 15,
                    "the import to name the load-time change", DIAG);
            e.waitFor(PHASE + " === 'idle'", 10, "the stream to stop for the load-time change", DIAG);
            assertEquals(first, instanceId(e, "test-tint"));
            clickAndAwaitStreaming(e);
            String second = instanceId(e, "test-tint");
            assertNotEquals("height changed: a new instance", first, second);
            assertEquals("exactly one more load", 2, loads(e));
            JsonNode status = e.server.get("/api/v1/pipeline/status").json();
            System.out.printf("luma gain %.2f -> %.2f after import while paused; instances %s -> %s; status %s%n",
                    bright, dim, first, second, status);
        });
    }
}
