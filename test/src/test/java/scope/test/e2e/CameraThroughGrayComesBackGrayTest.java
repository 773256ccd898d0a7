package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;

/**
 * The whole product path with a real browser: the UI loads passthrough with the gray preprocessor, sends the fake
 * camera over WebRTC, and the video that comes back is gray while the camera is colourful - and keeps coming at
 * about the camera's rate.
 */
public class CameraThroughGrayComesBackGrayTest {
    static final String OUT = "[data-testid=output-video]";
    static final String IN = "[data-testid=input-preview]";

    /** Starts camera -> gray -> passthrough from the UI, as a user would; waits until the output plays. */
    static void startGrayFromUi(E2e e) throws Exception {
        e.openUi("#stream");
        e.waitFor("document.querySelector('[data-testid=pipeline-select] option[value=passthrough]')", 30,
                "the pipeline list", "document.body.innerText.slice(0, 500)");
        e.js("(() => { const s = document.querySelector('[data-testid=pipeline-select]'); s.value = 'passthrough';"
                + " s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()");
        e.js("document.querySelector('[data-testid=add-preprocessor]').click()");
        e.waitFor("document.querySelector('[data-testid=preprocessor-select]')", 10, "a preprocessor slot", null);
        e.js("(() => { const s = document.querySelector('[data-testid=preprocessor-select]'); s.value = 'gray';"
                + " s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()");
        e.js("(() => { const s = document.querySelector('[data-testid=source-select]'); s.value = 'camera';"
                + " s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()");
        e.js("document.querySelector('[data-testid=start-button]').click()");
        e.waitFor("document.querySelector('[data-testid=status-phase]').textContent === 'streaming'", 60,
                "the stream page to say streaming",
                "document.querySelector('[data-testid=status-phase]').textContent + ' / '"
                        + " + document.querySelector('[data-testid=status-stage]').textContent + ' / '"
                        + " + document.querySelector('[data-testid=status-error]').textContent");
        e.js("e2e.watch('" + OUT + "') && e2e.watch('" + IN + "')");
        e.waitFor("e2e.frames('" + OUT + "') > 10", 30, "output frames", null);
    }

    @Test
    public void colourfulCameraComesBackGrayAtAboutTheCameraRate() throws Exception {
        E2e.run("CameraThroughGrayComesBackGrayTest", e -> {
            startGrayFromUi(e);
            JsonNode pipelines = e.server.get("/api/v1/pipeline/status").json();
            assertEquals("loaded", pipelines.get("status").asText());

            // received rate from the peer connection's stats; the camera rate from the frames its preview shows
            double outFps = e.decodedFps(5);
            double shownFps = e.fps(OUT, 3);
            double inFps = e.fps(IN, 3);
            JsonNode out = e.js("e2e.sample('" + OUT + "')");
            JsonNode in = e.js("e2e.sample('" + IN + "')");
            long before = e.js("e2e.framesDecoded()").asLong();
            Thread.sleep(3000);
            long after = e.js("e2e.framesDecoded()").asLong();
            System.out.printf("camera -> gray -> passthrough: camera %.1f fps, received (decoded) %.1f fps,"
                    + " output video presented %.1f fps%n  input sample %s%n  output sample %s%n",
                    inFps, outFps, shownFps, in, out);

            // the fake camera is a colourful pattern: if this failed, the gray check below would prove nothing
            assertTrue("input preview should be colourful: " + in, in.get("meanChroma").asDouble() > 15);
            assertTrue("output should be gray: " + out, out.get("meanChroma").asDouble() < 4
                    && out.get("p99Chroma").asDouble() < 16);
            assertTrue("output should not be black: " + out, out.get("meanLuma").asDouble() > 20);
            assertTrue("frames keep arriving: " + before + " -> " + after, after - before >= 15);
            assertTrue(String.format("output rate %.1f fps near the input rate %.1f fps", outFps, inFps),
                    outFps >= 0.6 * inFps && outFps <= 1.5 * inFps + 2);

            e.page.screenshot(E2e.SCREENSHOTS.resolve("ui-stream.png"));
        });
    }
}
