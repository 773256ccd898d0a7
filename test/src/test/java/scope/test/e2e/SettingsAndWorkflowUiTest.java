package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.Test;

/**
 * The stream page's settings, driven in headless Chromium: fields render from the schema (LongLive's, listed because
 * the server is told it has 80 GB of VRAM), the video mode applies its mode defaults, a runtime change goes out on the
 * data channel while load-time fields are locked, and export followed by import round-trips the settings.
 */
public class SettingsAndWorkflowUiTest {
    static final String OUT = "[data-testid=output-video]";
    static final String IN = "[data-testid=input-preview]";
    static final String PHASE = ImportingWorkflowWhilePausedDoesNotReloadTest.PHASE;
    static final String DIAG = ImportingWorkflowWhilePausedDoesNotReloadTest.DIAG;

    static String value(E2e e, String selector) throws Exception {
        return e.js("document.querySelector(" + E2e.quote(selector) + ")?.value ?? null").asText();
    }

    static boolean exists(E2e e, String selector) throws Exception {
        return e.js("!!document.querySelector(" + E2e.quote(selector) + ")").asBoolean();
    }

    /** Types a value into an input and commits it, as leaving the field does. */
    static void type(E2e e, String selector, String v) throws Exception {
        e.js("(() => { const i = document.querySelector(" + E2e.quote(selector) + "); i.value = " + E2e.quote(v)
                + "; i.dispatchEvent(new Event('change', {bubbles: true})); return i.value; })()");
    }

    @Test
    public void longliveFieldsRenderFromTheSchemaAndVideoModeAppliesItsDefaults() throws Exception {
        E2e.run("SettingsAndWorkflowUiTest-longlive", Map.of("SCOPE_VRAM_GB", "80"), e -> {
            JsonNode entry = e.server.get("/api/v1/pipelines/schemas").json().at("/pipelines/longlive");
            assertFalse("longlive is listed with 80 GB", entry.isMissingNode());
            JsonNode props = entry.at("/config_schema/properties");
            e.openUi("#stream");
            e.waitFor("document.querySelector('[data-testid=pipeline-select] option[value=longlive]')", 30,
                    "longlive in the pipeline list", "document.body.innerText.slice(0, 500)");
            ImportingWorkflowWhilePausedDoesNotReloadTest.select(e, "pipeline-select", "longlive");
            e.waitFor("document.querySelector('fieldset[data-component=resolution] [data-field=height] input')", 10,
                    "the resolution group", null);

            assertEquals(props.at("/height/default").asText(), value(e, "[data-field=height] input"));
            assertEquals(props.at("/width/default").asText(), value(e, "[data-field=width] input"));
            assertEquals(props.at("/base_seed/default").asText(), value(e, "[data-field=base_seed] input[type=number]"));
            assertEquals("denoising steps as an editable list", props.at("/denoising_steps/default").toString(),
                    e.js("JSON.stringify([...document.querySelectorAll('fieldset[data-component=denoising_steps]"
                            + " [data-field=denoising_steps] input[type=number]')].map(i => Number(i.value)))").asText());
            JsonNode options = e.js("[...document.querySelectorAll('fieldset[data-component=quantization]"
                    + " [data-field=quantization] select option')].map(o => o.value)");
            assertTrue("quantization select has none and fp8: " + options,
                    options.toString().contains("\"\"") && options.toString().contains("fp8_e4m3fn"));
            assertTrue("load-time fields carry the load badge",
                    exists(e, "[data-field=base_seed] .badge") && exists(e, "[data-field=quantization] .badge"));
            assertFalse("noise fields are video-only", exists(e, "[data-field=noise_scale]"));
            e.page.viewport(1400, 1250); // the whole settings column, for the docs
            e.page.screenshot(E2e.SCREENSHOTS.resolve("ui-settings.png"));

            ImportingWorkflowWhilePausedDoesNotReloadTest.select(e, "mode-select", "video");
            e.waitFor("document.querySelector('[data-field=noise_scale]')", 10, "the noise fields in video mode",
                    null);
            JsonNode videoDefaults = entry.at("/mode_defaults/video");
            assertEquals(videoDefaults.path("height").asText("512"), value(e, "[data-field=height] input"));
            assertEquals(videoDefaults.path("width").asText("512"), value(e, "[data-field=width] input"));
            assertEquals("512", value(e, "[data-field=height] input"));
            assertTrue(exists(e, "fieldset[data-component=noise] [data-field=noise_controller] input[type=checkbox]"));
            e.page.screenshot(E2e.SCREENSHOTS.resolve("ui-settings-video.png"));
        });
    }

    @Test
    public void runtimeChangeGoesLiveLoadFieldLocksAndExportImportRoundTrips() throws Exception {
        E2e.run("SettingsAndWorkflowUiTest-stream", e -> {
            e.server.deployPlugin(E2e.built("sample", "test.plugins.sample"));
            e.awaitPipeline("test-echo", 60);
            e.openUi("#stream");
            e.waitFor("document.querySelector('[data-testid=pipeline-select] option[value=test-echo]')", 30,
                    "test-echo in the pipeline list", "document.body.innerText.slice(0, 500)");
            ImportingWorkflowWhilePausedDoesNotReloadTest.select(e, "pipeline-select", "test-echo");
            e.js("document.querySelector('[data-testid=add-preprocessor]').click()");
            e.waitFor("document.querySelector('[data-testid=preprocessor-select]')", 10, "a preprocessor slot", null);
            ImportingWorkflowWhilePausedDoesNotReloadTest.select(e, "preprocessor-select", "gray");
            ImportingWorkflowWhilePausedDoesNotReloadTest.select(e, "source-select", "camera");
            assertFalse("model_size is editable before Start",
                    e.js("document.querySelector('[data-field=model_size] input').disabled").asBoolean());
            type(e, "[data-field=model_size] input", "large");

            e.js("document.querySelector('[data-testid=start-button]').click()");
            e.waitFor(PHASE + " === 'streaming'", 60, "streaming", DIAG);
            e.js("e2e.watch('" + OUT + "') && e2e.watch('" + IN + "')");
            e.waitFor("e2e.frames('" + OUT + "') > 10", 30, "output frames", DIAG);
            JsonNode out = e.js("e2e.sample('" + OUT + "')");
            assertTrue("gray comes back: " + out, out.get("meanChroma").asDouble() < 4);
            assertEquals("large", e.server.get("/api/v1/pipeline/status").json()
                    .at("/instances").findValue("model_size").asText());

            assertTrue("load-time model_size is locked while streaming",
                    e.js("document.querySelector('[data-field=model_size] input').disabled").asBoolean());
            assertFalse("runtime strength stays editable",
                    e.js("document.querySelector('[data-field=strength] input[type=number]').disabled").asBoolean());
            type(e, "[data-field=strength] input[type=number]", "0.8");
            e.waitFor("e2e.sent().some(m => m.strength === 0.8)", 10, "strength on the data channel",
                    "JSON.stringify(e2e.sent())");
            e.page.screenshot(E2e.SCREENSHOTS.resolve("ui-stream-settings.png"));

            e.js("document.querySelector('[data-testid=stop-button]').click()");
            e.waitFor(PHASE + " === 'idle'", 10, "idle", DIAG);
            assertFalse("unlocked after Stop",
                    e.js("document.querySelector('[data-field=model_size] input').disabled").asBoolean());

            // export: the file the UI offers, read back through its link
            type(e, "[data-testid=workflow-name]", "Echo gray");
            e.js("document.querySelector('[data-testid=workflow-name]').dispatchEvent(new Event('input'))");
            e.js("document.querySelector('[data-testid=export-button]').click()");
            e.waitFor("document.querySelector('[data-testid=export-link]')", 10, "the export link", null);
            String exported = e.js("fetch(document.querySelector('[data-testid=export-link]').href).then(r => r.text())")
                    .asText();
            JsonNode wf = Cdp.JSON.readTree(exported);
            assertEquals("scope-workflow", wf.path("format").asText());
            assertEquals("Echo gray", wf.at("/metadata/name").asText());
            assertEquals("[\"gray\",\"test-echo\"]", e.js("JSON.stringify(" + exported
                    + ".pipelines.map(p => p.pipeline_id))").asText());
            assertEquals("preprocessor", wf.at("/pipelines/0/role").asText());
            assertEquals(Cdp.JSON.readTree("{\"model_size\":\"large\",\"strength\":0.8,\"input_mode\":\"video\"}"),
                    wf.at("/pipelines/1/params"));

            // change everything, then import the exported file: the settings come back
            type(e, "[data-field=model_size] input", "small");
            type(e, "[data-field=strength] input[type=number]", "0.1");
            e.js("document.querySelector('[data-testid=pipeline-select]').value = 'passthrough';"
                    + " document.querySelector('[data-testid=pipeline-select]').dispatchEvent(new Event('change'))");
            e.waitFor("!document.querySelector('[data-field=model_size]')", 10, "the passthrough settings", null);
            e.js("e2e.pickFile('[data-testid=import-input]', 'echo-gray.scope-workflow.json', " + E2e.quote(exported)
                    + ")");
            e.waitFor("document.querySelector('[data-field=model_size] input')?.value === 'large'", 10,
                    "the imported settings", "JSON.stringify(e2e.toasts())");
            assertEquals("test-echo", value(e, "[data-testid=pipeline-select]"));
            assertEquals("gray", value(e, "[data-testid=preprocessor-select]"));
            assertEquals("0.8", value(e, "[data-field=strength] input[type=number]"));
            assertEquals("Echo gray", value(e, "[data-testid=workflow-name]"));
            e.waitFor("document.querySelector('[data-testid=workflow-resolve] li[data-kind=pipeline][data-status=ok]')",
                    10, "the dependency report", "document.querySelector('#workflow-report').innerText");

            // and exporting again gives the same settings
            e.js("document.querySelector('[data-testid=export-link]').remove()"); // so the wait sees the new one
            e.js("document.querySelector('[data-testid=export-button]').click()");
            e.waitFor("document.querySelector('[data-testid=export-link]')", 10, "the second export link", null);
            JsonNode again = Cdp.JSON.readTree(e.js("fetch(document.querySelector('[data-testid=export-link]').href)"
                    + ".then(r => r.text())").asText());
            assertEquals(wf.get("pipelines"), again.get("pipelines"));
            e.page.screenshot(E2e.SCREENSHOTS.resolve("ui-workflow-import.png"));
        });
    }
}
