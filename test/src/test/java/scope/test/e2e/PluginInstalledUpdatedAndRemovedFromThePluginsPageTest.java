package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import org.junit.Test;

/**
 * The plugins page installs a plugin jar chosen in its file picker, updates it and removes it, on the running server,
 * without a restart; the platform's own bundles have their Update and Remove buttons disabled.
 */
public class PluginInstalledUpdatedAndRemovedFromThePluginsPageTest {

    static Path invertJar() throws Exception {
        Path dir = Paths.get(System.getProperty("scope.examples", "../examples"), "pipeline.invert", "target");
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("pipeline\\.invert-.*\\.jar")).findFirst()
                    .orElseThrow();
        }
    }

    @Test
    public void installUpdateAndRemoveThroughTheUi() throws Exception {
        E2e.run("PluginInstalledUpdatedAndRemovedFromThePluginsPageTest", e -> {
            e.openUi("#plugins");
            String table = "document.querySelector('[data-testid=plugins-table]')";
            e.waitFor(table + " && " + table + ".innerText.includes('pipeline.builtin')", 30, "the plugins table",
                    null);
            String builtinRemove = "document.querySelector('tr[data-plugin=\"pipeline.builtin\"] "
                    + "button[data-action=remove]')";
            assertTrue("platform bundle cannot be removed", e.js(builtinRemove + ".disabled").asBoolean());

            // the file picker's change event, with the jar's bytes, as a user choosing the file would cause
            String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(invertJar()));
            e.js("(() => { const bytes = Uint8Array.from(atob('" + b64 + "'), c => c.charCodeAt(0));"
                    + " const dt = new DataTransfer(); dt.items.add(new File([bytes], 'pipeline.invert.jar',"
                    + " {type: 'application/java-archive'}));"
                    + " const input = document.querySelector('[data-testid=plugin-file]'); input.files = dt.files;"
                    + " input.dispatchEvent(new Event('change')); return true; })()");
            String row = "document.querySelector('tr[data-plugin=\"pipeline.invert\"]')";
            e.waitFor(row + " && " + row + ".innerText.includes('upload')", 30, "the installed plugin's row",
                    "document.querySelector('[data-testid=plugins-notice]')?.innerText");
            assertTrue(e.js("document.querySelector('[data-testid=plugins-notice]').innerText").asText()
                    .contains("Successfully installed pipeline.invert"));
            assertFalse(e.server.get("/api/v1/pipelines/schemas").json().at("/pipelines/invert").isMissingNode());

            e.js("document.querySelector('tr[data-plugin=\"pipeline.invert\"] button[data-action=reload]').click()");
            e.waitFor("document.querySelector('[data-testid=plugins-notice]')?.innerText.includes('Reloaded')", 30,
                    "the update's notice", "document.querySelector('[data-testid=plugins-notice]')?.innerText");

            e.js("window.confirm = () => true");
            e.js("document.querySelector('tr[data-plugin=\"pipeline.invert\"] button[data-action=remove]').click()");
            e.waitFor("document.querySelector('[data-testid=plugins-notice]')?.innerText.includes('uninstalled')"
                    + " && !document.querySelector('tr[data-plugin=\"pipeline.invert\"]')", 30, "the removal",
                    "document.querySelector('[data-testid=plugins-notice]')?.innerText");
            JsonNode plugins = e.server.get("/api/v1/plugins").json();
            for (JsonNode p : plugins.get("plugins")) {
                assertFalse(p.get("name").asText().equals("pipeline.invert"));
            }
            assertEquals(0, Files.list(e.server.home().resolve("plugins")).count());
        });
    }
}
