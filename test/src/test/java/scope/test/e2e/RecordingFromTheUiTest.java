package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import scope.record.internal.Mp4Probe;

/**
 * Recording from the UI: camera -> gray from Chromium, Record pressed for five seconds, and the MP4 in the
 * recordings folder decodes (with the server's own FFmpeg) to gray frames - as many as the browser received while
 * recording, over as long, within 5 %. The list shows the file with a download link that serves it.
 */
public class RecordingFromTheUiTest {
    private static final String RECORD = "[data-testid=record-button]";
    /**
     * Presses Record (or Stop recording) and waits for the answer; the decoded-frame count and the time are read
     * just before the press and just after the answer, and their means stand for the moment the server started (or
     * stopped): the request's own time is split evenly between the two sides.
     */
    private static final String PRESS = "(async () => {"
            + " const b = document.querySelector('" + RECORD + "');"
            + " const want = b.getAttribute('aria-pressed') !== 'true';"
            + " const d0 = await e2e.framesDecoded(); const t0 = performance.now();"
            + " b.click();"
            + " for (let i = 0; i < 1000 && (b.getAttribute('aria-pressed') === 'true') !== want; i++)"
            + "   await new Promise((r) => setTimeout(r, 5));"
            + " const d1 = await e2e.framesDecoded(); const t1 = performance.now();"
            + " return {pressed: b.getAttribute('aria-pressed') === 'true', frames: (d0 + d1) / 2, ms: (t0 + t1) / 2,"
            + "   spread: d1 - d0, took_ms: t1 - t0};"
            + "})()";

    @Test
    public void fiveSecondsOfCameraThroughGrayAreRecordedAsStreamed() throws Exception {
        E2e.run("RecordingFromTheUiTest", e -> {
            CameraThroughGrayComesBackGrayTest.startGrayFromUi(e);
            e.waitFor("!document.querySelector('" + RECORD + "').disabled", 10, "the Record button", null);
            JsonNode begin = e.js(PRESS);
            assertTrue("recording started: " + begin, begin.get("pressed").asBoolean());
            JsonNode live = e.server.get("/api/v1/recordings").json().get("recordings");
            assertEquals("recording", live.get(0).get("state").asText());
            String session = live.get(0).get("session_id").asText();
            String routes = "/api/v1/recordings/" + session;
            assertEquals("{\"status\":\"already_recording\"}", e.server.post(routes + "/start", "").json().toString());
            ScopeServer.Response refused = e.server.post(routes + "/start?node_id=rec1", "");
            assertEquals(refused.body(), 400, refused.status());
            assertTrue(refused.body(), refused.body().contains("record nodes"));
            refused = e.server.post(routes + "/start?input=maybe", "");
            assertEquals(refused.body(), 400, refused.status());
            assertTrue(refused.body(), refused.body().contains("input"));

            Thread.sleep(5000);

            JsonNode end = e.js(PRESS);
            assertTrue("recording stopped: " + end, !end.get("pressed").asBoolean());
            double streamed = end.get("frames").asDouble() - begin.get("frames").asDouble();
            double seconds = (end.get("ms").asDouble() - begin.get("ms").asDouble()) / 1000;
            e.waitFor("document.querySelector('[data-testid=recording-download]')", 20, "the recording in the list",
                    "document.querySelector('[data-testid=recordings-list]').innerText");

            JsonNode files = e.server.get("/api/v1/recordings").json().get("files");
            assertEquals(files.toString(), 1, files.size());
            String name = files.get(0).get("name").asText();
            Path file = e.server.home().resolve("recordings").resolve(name);
            assertTrue(Files.isRegularFile(file));
            try (var left = Files.list(file.getParent())) {
                assertEquals("only the finished file, no temporary one", 1, left.count());
            }
            String href = e.js("document.querySelector('[data-testid=recording-download]').getAttribute('href')")
                    .asText();
            ScopeServer.Response download = e.server.get(href);
            assertEquals(200, download.status());

            Mp4Probe p = Mp4Probe.read(file);
            double grayness = colourfulness(p.middleFrame());
            System.out.printf("recorded %s: %d frames over %.2f s (%s %dx%d); browser decoded %.1f frames in %.2f s;"
                    + " colourfulness %.1f; start %s, stop %s%n", name, p.frames(), p.durationSeconds(), p.codec(),
                    p.width(), p.height(), streamed, seconds, grayness, begin, end);
            assertEquals("h264", p.codec());
            assertTrue("frames: recorded " + p.frames() + ", streamed " + streamed,
                    Math.abs(p.frames() - streamed) <= 0.05 * streamed);
            assertTrue(String.format("duration: recorded %.2f s, streamed %.2f s", p.durationSeconds(), seconds),
                    Math.abs(p.durationSeconds() - seconds) <= 0.05 * seconds);
            assertTrue("the recording is gray: " + grayness, grayness < 6);
            assertTrue("the recording is not black", meanLuma(p.middleFrame()) > 20);
        });
    }

    /** Mean absolute difference between the channels of each pixel: 0 for gray. */
    private static double colourfulness(byte[] rgb) {
        double sum = 0;
        for (int i = 0; i < rgb.length; i += 3) {
            int r = rgb[i] & 0xff;
            int g = rgb[i + 1] & 0xff;
            int b = rgb[i + 2] & 0xff;
            sum += Math.abs(r - g) + Math.abs(g - b);
        }
        return sum / (rgb.length / 3.0);
    }

    private static double meanLuma(byte[] rgb) {
        double sum = 0;
        for (int i = 0; i < rgb.length; i += 3) {
            sum += 0.299 * (rgb[i] & 0xff) + 0.587 * (rgb[i + 1] & 0xff) + 0.114 * (rgb[i + 2] & 0xff);
        }
        return sum / (rgb.length / 3.0);
    }
}
