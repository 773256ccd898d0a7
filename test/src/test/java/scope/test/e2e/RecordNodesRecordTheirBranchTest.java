package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import scope.record.internal.Mp4Probe;

/**
 * Graph record nodes from Chromium: Scope's forked graph (camera -> gray -> output, camera -> passthrough ->
 * output_1) with a record node on the gray pipeline and one on the second sink. Each is started and stopped with
 * {@code ?node_id=} for two seconds, and each file decodes to its own branch: gray for the first, the colourful
 * camera for the second. The session routes without {@code node_id} are refused as Scope refuses them.
 */
public class RecordNodesRecordTheirBranchTest {
    @Test
    public void eachRecordNodeRecordsThePointItIsWiredTo() throws Exception {
        E2e.run("RecordNodesRecordTheirBranchTest", e -> {
            e.openUi(null);
            String session = e.js("e2e.startForked({branches: [{node: 'gray', pipeline: 'gray'},"
                    + " {node: 'pass', pipeline: 'passthrough'}],"
                    + " records: [{id: 'record', from: 'gray'}, {id: 'record_1', from: 'output_1'}]})").asText();
            e.js("e2e.watch('" + ForkedGraphShowsEachSinkItsOwnVideoTest.COLOUR_OUT + "')");
            e.waitFor("e2e.frames('" + ForkedGraphShowsEachSinkItsOwnVideoTest.COLOUR_OUT + "') > 10", 30,
                    "frames on the second sink", "JSON.stringify(e2e.messages())");
            String routes = "/api/v1/recordings/" + session;

            ScopeServer.Response bare = e.server.post(routes + "/start", "");
            assertEquals(bare.body(), 400, bare.status());
            assertTrue(bare.body(), bare.body().contains("node_id") && bare.body().contains("record, record_1"));
            ScopeServer.Response unknown = e.server.post(routes + "/start?node_id=gray", "");
            assertEquals(unknown.body(), 400, unknown.status());
            assertTrue(unknown.body(), unknown.body().contains("Unknown record node 'gray'"));

            for (String node : new String[] {"record", "record_1"}) {
                assertEquals("{\"status\":\"started\"}",
                        e.server.post(routes + "/start?node_id=" + node, "").json().toString());
            }
            Thread.sleep(2000);
            for (String node : new String[] {"record", "record_1"}) {
                assertEquals("{\"status\":\"stopped\"}",
                        e.server.post(routes + "/stop?node_id=" + node, "").json().toString());
            }

            JsonNode files = e.server.get("/api/v1/recordings").json().get("files");
            assertEquals(files.toString(), 2, files.size());
            ScopeServer.Response download = e.server.get(routes + "?node_id=record_1");
            assertEquals(200, download.status());
            for (JsonNode f : files) {
                String node = f.get("node_id").asText();
                Path file = e.server.home().resolve("recordings").resolve(f.get("name").asText());
                assertTrue(Files.isRegularFile(file));
                Mp4Probe p = Mp4Probe.read(file);
                double chroma = colourfulness(p.middleFrame());
                System.out.printf("record node %s: %s, %d frames over %.2f s, colourfulness %.1f%n", node,
                        file.getFileName(), p.frames(), p.durationSeconds(), chroma);
                assertEquals("output", f.get("track").asText());
                assertTrue(node + ": about two seconds recorded, " + p.durationSeconds() + " s",
                        p.durationSeconds() > 1.5 && p.durationSeconds() < 3.5);
                assertTrue(node + ": frames kept coming, " + p.frames(), p.frames() >= 20);
                if (node.equals("record")) {
                    assertTrue("the gray branch is gray: " + chroma, chroma < 6);
                } else {
                    assertEquals("record_1", node);
                    assertTrue("the passthrough branch is the colourful camera: " + chroma, chroma > 15);
                }
            }
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
}
