package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;

/**
 * Scope's forked graph with a real browser: camera -> gray -> output and camera -> passthrough -> output_1, offered
 * as Scope's UI offers it (the camera's sendrecv section for the first sink, a recvonly section for the second).
 * The first sink's video is gray, the second's is the colourful camera, both keep coming; a graph that joins two
 * branches into one pipeline is refused with a 422 naming that node, and the server keeps serving.
 */
public class ForkedGraphShowsEachSinkItsOwnVideoTest {
    static final String GRAY_OUT = "#e2e-out-output";
    static final String COLOUR_OUT = "#e2e-out-output_1";
    static final String IN = "#e2e-in";

    @Test
    public void graySinkAndColourSinkFromOneCamera() throws Exception {
        E2e.run("ForkedGraphShowsEachSinkItsOwnVideoTest", e -> {
            e.openUi(null);
            e.js("e2e.startForked({branches: [{node: 'gray', pipeline: 'gray'},"
                    + " {node: 'pass', pipeline: 'passthrough'}]})");
            e.js("e2e.watch('" + GRAY_OUT + "') && e2e.watch('" + COLOUR_OUT + "') && e2e.watch('" + IN + "')");
            e.waitFor("e2e.frames('" + GRAY_OUT + "') > 10 && e2e.frames('" + COLOUR_OUT + "') > 10", 30,
                    "frames on both sinks' videos", "JSON.stringify(e2e.messages())");

            int grayBefore = e.js("e2e.frames('" + GRAY_OUT + "')").asInt();
            int colourBefore = e.js("e2e.frames('" + COLOUR_OUT + "')").asInt();
            Thread.sleep(3000);
            JsonNode gray = e.js("e2e.sample('" + GRAY_OUT + "')");
            JsonNode colour = e.js("e2e.sample('" + COLOUR_OUT + "')");
            JsonNode in = e.js("e2e.sample('" + IN + "')");
            int grayFrames = e.js("e2e.frames('" + GRAY_OUT + "')").asInt() - grayBefore;
            int colourFrames = e.js("e2e.frames('" + COLOUR_OUT + "')").asInt() - colourBefore;
            System.out.printf("forked graph over 3 s: %d frames on 'output' (gray), %d on 'output_1' (passthrough)%n"
                    + "  input %s%n  output %s%n  output_1 %s%n", grayFrames, colourFrames, in, gray, colour);

            assertTrue("input preview should be colourful: " + in, in.get("meanChroma").asDouble() > 15);
            assertTrue("sink 'output' should be gray: " + gray, gray.get("meanChroma").asDouble() < 4
                    && gray.get("p99Chroma").asDouble() < 16);
            assertTrue("sink 'output' should not be black: " + gray, gray.get("meanLuma").asDouble() > 20);
            assertTrue("sink 'output_1' should be as colourful as the camera: " + colour + " vs " + in,
                    colour.get("meanChroma").asDouble() > 0.6 * in.get("meanChroma").asDouble());
            assertTrue("both sinks keep playing: " + grayFrames + ", " + colourFrames,
                    grayFrames >= 15 && colourFrames >= 15);
            e.page.screenshot(E2e.SCREENSHOTS.resolve("forked-graph.png"));

            // a join (two branches into one pipeline) is refused naming the node, never run as something else
            String sdp = e.js("e2e.session.pc.localDescription.sdp").asText();
            String join = "{\"nodes\":[{\"id\":\"input\",\"type\":\"source\"},"
                    + "{\"id\":\"gray\",\"type\":\"pipeline\",\"pipeline_id\":\"gray\"},"
                    + "{\"id\":\"pass\",\"type\":\"pipeline\",\"pipeline_id\":\"passthrough\"},"
                    + "{\"id\":\"mix\",\"type\":\"pipeline\",\"pipeline_id\":\"passthrough\"},"
                    + "{\"id\":\"output\",\"type\":\"sink\"}],\"edges\":["
                    + "{\"from\":\"input\",\"to_node\":\"gray\"},{\"from\":\"input\",\"to_node\":\"pass\"},"
                    + "{\"from\":\"gray\",\"to_node\":\"mix\"},{\"from\":\"pass\",\"to_node\":\"mix\"},"
                    + "{\"from\":\"mix\",\"to_node\":\"output\"}]}";
            ScopeServer.Response refused = e.server.post("/api/v1/webrtc/offer", "{\"type\":\"offer\",\"sdp\":"
                    + E2e.quote(sdp) + ",\"initialParameters\":{\"input_mode\":\"video\",\"graph\":" + join + "}}");
            System.out.println("joining graph -> " + refused.status() + " " + refused.body());
            assertEquals(refused.body(), 422, refused.status());
            assertTrue(refused.body(), refused.body().contains("'mix' joins"));
            int stillPlaying = e.js("e2e.frames('" + COLOUR_OUT + "')").asInt();
            e.waitFor("e2e.frames('" + COLOUR_OUT + "') > " + (stillPlaying + 10), 10,
                    "the running forked stream to go on after the refusal", null);
        });
    }
}
