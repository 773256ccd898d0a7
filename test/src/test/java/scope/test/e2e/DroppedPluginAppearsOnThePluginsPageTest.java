package scope.test.e2e;

import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** A plugin bundle dropped into the plugins folder shows up on the browser UI's plugins page with its pipelines. */
public class DroppedPluginAppearsOnThePluginsPageTest {

    @Test
    public void droppedPluginIsListedWithItsPipelines() throws Exception {
        E2e.run("DroppedPluginAppearsOnThePluginsPageTest", e -> {
            e.server.deployPlugin(E2e.built("sample", "test.plugins.sample"));
            e.awaitPipeline("test-tint", 60);
            e.openUi("#plugins");
            String row = "document.querySelector('[data-testid=plugins-table] tr[data-plugin=\"test.plugins.sample\"]')";
            e.waitFor(row, 30, "the dropped plugin's row",
                    "document.querySelector('[data-testid=plugins-table]')?.innerText");
            String text = e.js(row + ".innerText").asText();
            assertTrue("row names its pipelines: " + text, text.contains("test-tint") || text.contains("Test Tint"));
            e.page.screenshot(E2e.SCREENSHOTS.resolve("ui-plugins.png"));
        });
    }
}
