package scope.pipeline.wan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generation loop with Krea's per-block context recompute and attention bias, on toy graphs. */
class KreaGenerationTest {
    @TempDir
    Path dir;

    @Test
    void eachBlockRebuildsTheCacheFromTheFirstAndLastFramesWithoutBias() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.KREA, ToyRig.config(32, 32, 1000, 500))) {
            rig.text(ToyRig.prompt("a cat"));
            assertEquals(2, rig.ditRuns().size(), "the first block has no context to rebuild");
            rig.text(ToyRig.prompt("a cat"));
            rig.graphs.clear();
            rig.text(ToyRig.prompt("a cat"));
            List<Map<String, HostTensor>> runs = rig.ditRuns();
            assertEquals(3, runs.size());
            Map<String, HostTensor> context = runs.get(0);
            assertEquals(0f, context.get("timestep").floatData()[0]);
            // Scope rotates the context from frame 0 and the block right after it (current_start = min(start, 3))
            assertArrayEquals(new long[] {0, 1, 2}, context.get("positions").longData());
            assertEquals(1f, context.get("kv_cache_attention_bias").floatData()[0]);
            assertTrue(Arrays.stream(context.get("cache_positions").longData()).allMatch(v -> v == -1),
                    "the context pass starts from an empty cache");
            for (Map<String, HostTensor> denoise : runs.subList(1, 3)) {
                assertArrayEquals(new long[] {0, 1, 2}, denoise.get("cache_positions").longData());
                assertArrayEquals(new long[] {3, 4, 5}, denoise.get("positions").longData());
                assertEquals(WanGenerator.DEFAULT_KV_BIAS, denoise.get("kv_cache_attention_bias").floatData()[0]);
            }
        }
    }

    @Test
    void kvCacheAttentionBiasReachesTheDenoisingPasses() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.KREA, ToyRig.config(32, 32, 1000))) {
            Map<String, Object> p = ToyRig.prompt("a cat");
            p.put("kv_cache_attention_bias", 0.05);
            rig.text(p);
            rig.text(p);
            List<Map<String, HostTensor>> runs = rig.ditRuns();
            assertEquals(0.05f, runs.get(runs.size() - 1).get("kv_cache_attention_bias").floatData()[0], 1e-6f);
        }
    }

    @Test
    void kreaTextModeYieldsNineThenTwelveFramesWithTheCacheAtItsFixedSize() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.KREA, ToyRig.config(32, 32, 1000))) {
            assertEquals(9, rig.text(ToyRig.prompt("a cat")).size());
            for (int i = 0; i < 5; i++) {
                assertEquals(12, rig.text(ToyRig.prompt("a cat")).size());
            }
            for (Map<String, HostTensor> run : rig.ditRuns()) {
                for (int l = 0; l < ToyModels.LAYERS; l++) {
                    assertArrayEquals(new long[] {2, 3 * 4, ToyModels.KV_DIM}, run.get("kv_cache_in." + l).shape());
                }
            }
        }
    }
}
