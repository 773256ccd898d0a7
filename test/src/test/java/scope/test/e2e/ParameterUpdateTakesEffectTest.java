package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;

/**
 * A plugin dropped into the plugins folder at run time streams, and a runtime field sent on the data channel
 * ({"level":0.2} to the sample plugin's test-tint) visibly darkens the video that comes back. An out-of-range value
 * ({"level":5}) is answered with an error message on the channel and changes nothing.
 */
public class ParameterUpdateTakesEffectTest {
    static final String OUT = "#e2e-out";
    static final String IN = "#e2e-in";




    @Test
    public void levelChangeDarkensTheOutputAndAnInvalidLevelIsRejected() throws Exception {
        E2e.run("ParameterUpdateTakesEffectTest", e -> {
            e.server.deployPlugin(E2e.built("sample", "test.plugins.sample"));
            e.awaitPipeline("test-tint", 60);

            e.openUi(null);
            e.js("e2e.start({pipelines: ['test-tint']})");
            e.js("e2e.watch('" + OUT + "')");
            e.waitFor("e2e.frames('" + OUT + "') > 10", 30, "output frames", "JSON.stringify(e2e.messages())");

            Brightness brightness = new Brightness(e, OUT, IN);
            double full = brightness.await(false, 0.8); // level defaults to 1: as bright as the input
            assertTrue(e.js("e2e.send({level: 0.2})").asBoolean());
            double dim = brightness.await(true, 0.45);

            assertTrue(e.js("e2e.send({level: 5})").asBoolean());
            e.waitFor("e2e.messages().some(m => m.type === 'error')", 15, "an error reply to level 5",
                    "JSON.stringify(e2e.messages())");
            JsonNode error = e.js("e2e.messages().find(m => m.type === 'error')");
            Thread.sleep(1500); // had the update been applied, the output would be bright again by now
            double after = brightness.gain();
            System.out.printf("output/input luma: level 1 -> %.2f, level 0.2 -> %.2f, after level 5 -> %.2f;"
                    + " reply %s%n", full, dim, after, error);

            assertTrue("error names the field: " + error, error.toString().contains("level"));
            assertEquals("the stream is still up", 0,
                    e.js("e2e.messages().filter(m => m.type === 'stream_stopped').length").asInt());
            assertTrue("rejected update left the level at 0.2: " + after, after < 0.45);
            long frames = e.js("e2e.frames('" + OUT + "')").asLong();
            e.waitFor("e2e.frames('" + OUT + "') > " + (frames + 10), 15, "frames after the rejected update", null);
        });
    }
}
