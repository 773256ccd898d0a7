package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Test;
import scope.pipeline.wan.ToyModels;
import scope.pipeline.wan.WanArtifacts;

/**
 * LongLive through the whole stack: toy graphs with the model contract's names and shapes (pipeline.wan's test
 * models) placed in the server's models directory, loaded by the real plugin in ONNX Runtime, generating in text
 * mode (no input track) into a WebRTC stream that Chromium decodes at the loaded resolution. A prompt transition and
 * a cache reset sent on the data channel keep the stream going.
 */
public class TextModeLongLiveStreamsToBrowserTest {
    static final int HEIGHT = 96;
    static final int WIDTH = 128;
    /** LongLivePlugin's DiT artifact directory (scope-on-osgi/LongLive-1.3B-ONNX). */
    static final String LONGLIVE_DIR = "LongLive-1.3B-ONNX";

    static long decoded(E2e e) throws Exception {
        return e.js("e2e.framesDecoded()").asLong();
    }

    /** Polls getStats here: Page.waitFor's condition is synchronous and a promise would always count as true. */
    static void awaitMoreDecoded(E2e e, long than, String what) throws Exception {
        long end = System.nanoTime() + 90_000_000_000L;
        long n = decoded(e);
        while (n <= than) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + ": " + n + " frames decoded, wanted more than "
                        + than + "; messages " + e.js("JSON.stringify(e2e.messages())"));
            }
            Thread.sleep(250);
            n = decoded(e);
        }
    }

    @Test
    public void textModeGeneratesFramesAndKeepsStreamingThroughPromptTransitionAndReset() throws Exception {
        E2e.run("TextModeLongLiveStreamsToBrowserTest", Map.of("SCOPE_VRAM_GB", "80"), e -> {
            Path models = e.server.home().resolve("models");
            ToyModels.write(models.resolve(WanArtifacts.WAN_ONNX.directoryName()), models.resolve(LONGLIVE_DIR), false);
            e.awaitPipeline("longlive", 60);

            e.openUi(null);
            String prompts = "[{text: 'a red fox in the snow', weight: 1}]";
            e.js("e2e.startText({pipeline: 'longlive', loadParams: {height: " + HEIGHT + ", width: " + WIDTH
                    + "}, initial: {prompts: " + prompts + "}})");
            e.js("e2e.watch('#e2e-out')");
            awaitMoreDecoded(e, 20, "20 generated frames decoded");
            JsonNode first = e.js("e2e.sample('#e2e-out')");
            assertEquals(WIDTH, first.get("width").asInt());
            assertEquals(HEIGHT, first.get("height").asInt());
            long before = decoded(e);
            awaitMoreDecoded(e, before + 12, "frames to keep arriving (at least one more block)");

            // a transition to a new prompt over 3 blocks, then a cache reset: generation goes on through both
            assertTrue(e.js("e2e.send({prompts: [{text: 'a blue whale', weight: 1}], transition: {target_prompts: "
                    + "[{text: 'a blue whale', weight: 1}], num_steps: 3, temporal_interpolation_method: 'linear'}})")
                    .asBoolean());
            long atTransition = decoded(e);
            awaitMoreDecoded(e, atTransition + 36, "frames during and after the transition");
            assertTrue(e.js("e2e.send({reset_cache: true})").asBoolean());
            long atReset = decoded(e);
            awaitMoreDecoded(e, atReset + 24, "frames after reset_cache");

            JsonNode last = e.js("e2e.sample('#e2e-out')");
            assertEquals(WIDTH, last.get("width").asInt());
            assertEquals(HEIGHT, last.get("height").asInt());
            assertEquals("no error on the channel: " + e.js("JSON.stringify(e2e.messages())"), 0,
                    e.js("e2e.messages().filter(m => m.type === 'error' || m.type === 'stream_stopped').length")
                            .asInt());
            System.out.printf("longlive text mode: %d frames decoded, %s at %dx%d%n", decoded(e),
                    "still streaming", WIDTH, HEIGHT);
        });
    }
}
