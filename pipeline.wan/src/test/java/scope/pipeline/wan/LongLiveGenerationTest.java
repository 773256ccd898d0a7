package scope.pipeline.wan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.api.Frame;

/** The generation loop with LongLive's cache policy, on toy graphs in ONNX Runtime. */
class LongLiveGenerationTest {
    @TempDir
    Path dir;

    @Test
    void textModeYieldsNineThenTwelveFramesAtTheConfiguredResolution() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 48))) {
            List<Frame> first = rig.text(ToyRig.prompt("a cat"));
            List<Frame> second = rig.text(ToyRig.prompt("a cat"));
            List<Frame> third = rig.text(ToyRig.prompt("a cat"));
            assertEquals(9, first.size());
            assertEquals(12, second.size());
            assertEquals(12, third.size());
            for (Frame f : first) {
                assertEquals(48, f.width());
                assertEquals(32, f.height());
            }
            assertEquals(9, rig.generator.startFrame());
        }
    }

    @Test
    void eachBlockRunsOneDitPassPerDenoisingStepPlusTheCleanCachePass() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000, 750, 500, 250))) {
            rig.text(ToyRig.prompt("a cat"));
            List<Map<String, HostTensor>> runs = rig.ditRuns();
            assertEquals(5, runs.size());
            float[] timesteps = new float[5];
            for (int i = 0; i < 5; i++) {
                timesteps[i] = runs.get(i).get("timestep").floatData()[0];
            }
            // as Scope: the model gets the raw steps (their sigmas come from the shifted table); then the clean pass
            assertArrayEquals(new float[] {1000f, 750f, 500f, 250f, 0f}, timesteps, 0f);
        }
    }

    @Test
    void decodedFramesAreTheDecodersPixelsAsRgbBytes() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 48, 1000))) {
            rig.text(ToyRig.prompt("a cat"));
            List<Frame> frames = rig.text(ToyRig.prompt("a cat"));
            // the toy decoder repeats each latent pixel over 8x8 pixels: the bytes are packed RGB rows
            byte[] rgb = frames.get(5).rgb();
            for (int c = 0; c < 3; c++) {
                assertEquals(rgb[c], rgb[(7 * 48 + 7) * 3 + c]);
            }
            assertFalse(Arrays.equals(frames.get(0).rgb(), frames.get(4).rgb()), "frames of different latents differ");
        }
    }

    @Test
    void kvCacheRollsWithAFixedSizeAndKeepsTheSinkFrames() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000))) {
            for (int i = 0; i < 8; i++) {
                rig.text(ToyRig.prompt("a cat"));
            }
            long[] expectedShape = {2, 12 * 4, ToyModels.KV_DIM};
            for (Map<String, HostTensor> run : rig.ditRuns()) {
                for (int l = 0; l < ToyModels.LAYERS; l++) {
                    assertArrayEquals(expectedShape, run.get("kv_cache_in." + l).shape());
                }
            }
            // the last block (21..23) attended to the sinks and the latest 6 frames, not to the 3 it replaced
            Map<String, HostTensor> last = rig.ditRuns().get(rig.ditRuns().size() - 1);
            long[] attended = last.get("cache_positions").longData().clone();
            Arrays.sort(attended);
            assertArrayEquals(new long[] {-1, -1, -1, 0, 1, 2, 15, 16, 17, 18, 19, 20}, attended);
            // 8 blocks = positions 0..23: sinks 0,1,2, ring of 9 holding the latest 15..23
            long[] held = rig.generator.cache().positions();
            assertArrayEquals(new long[] {0, 1, 2}, Arrays.copyOf(held, 3));
            long[] ring = Arrays.copyOfRange(held, 3, 12);
            Arrays.sort(ring);
            assertArrayEquals(new long[] {15, 16, 17, 18, 19, 20, 21, 22, 23}, ring);
            assertEquals(24, rig.generator.startFrame());
        }
    }

    @Test
    void promptChangeRecachesTheRecentFramesFromTheStartWhileTheyReachBackToIt() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000))) {
            for (int i = 0; i < 4; i++) {
                rig.text(ToyRig.prompt("a cat"));
            }
            rig.graphs.clear();
            rig.text(ToyRig.prompt("a dog"));
            Map<String, HostTensor> recache = rig.ditRuns().get(0);
            // Scope re-runs min(start, 12) = 12 frames from position 0: sinks included, from an empty cache
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, recache.get("positions").longData());
            assertTrue(Arrays.stream(recache.get("cache_positions").longData()).allMatch(v -> v == -1));
        }
    }

    @Test
    void promptChangeWithManageCacheRecachesRecentFramesWithTheNewPrompt() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000))) {
            for (int i = 0; i < 5; i++) {
                rig.text(ToyRig.prompt("a cat"));
            }
            rig.graphs.clear();
            rig.text(ToyRig.prompt("a dog"));
            List<Map<String, HostTensor>> runs = rig.ditRuns();
            Map<String, HostTensor> recache = runs.get(0);
            assertEquals(0f, recache.get("timestep").floatData()[0]);
            // a recompute (frames 3..14): the sinks stay, the frames after them are rewritten, attending the sinks
            assertArrayEquals(new long[] {6, 7, 8, 9, 10, 11, 12, 13, 14}, recache.get("positions").longData());
            long[] attended = recache.get("cache_positions").longData();
            assertArrayEquals(new long[] {0, 1, 2}, Arrays.copyOf(attended, 3));
            assertTrue(Arrays.stream(attended, 3, 12).allMatch(v -> v == -1));
            // the recache pass sees the new prompt, and so does the denoising pass after it
            assertArrayEquals(runs.get(1).get("prompt_embeds").floatData(), recache.get("prompt_embeds").floatData());
            // no hard cut: the stream goes on at the next position, with the sinks kept
            assertEquals(15, runs.get(1).get("positions").longData()[0]);
            assertEquals(18, rig.generator.startFrame());
            assertEquals(1, rig.generator.hardResets());
        }
    }

    @Test
    void promptChangeWithoutManageCacheStillRecachesAsScopeDoes() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000))) {
            Map<String, Object> p = ToyRig.prompt("a cat");
            p.put("manage_cache", false);
            rig.text(p);
            rig.text(p);
            rig.graphs.clear();
            Map<String, Object> q = ToyRig.prompt("a dog");
            q.put("manage_cache", false);
            rig.text(q);
            // Scope's RecacheFramesBlock runs on every embedding update; manage_cache only resets in video mode
            assertEquals(3, rig.ditRuns().size(), "the recache, one denoising pass and the clean pass");
            assertEquals(0f, rig.ditRuns().get(0).get("timestep").floatData()[0]);
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, rig.ditRuns().get(0).get("positions").longData());
            assertEquals(1, rig.generator.hardResets());
        }
    }

    @Test
    void promptChangeInVideoModeIsAHardCut() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000))) {
            List<Frame> input = ToyRig.solidFrames(12, 64, 48, 40);
            rig.video(ToyRig.prompt("a cat"), input);
            rig.video(ToyRig.prompt("a cat"), input);
            assertEquals(6, rig.generator.startFrame());
            List<Frame> out = rig.video(ToyRig.prompt("a dog"), input);
            assertEquals(9, out.size(), "after a hard cut the decoder starts a new first chunk");
            assertEquals(3, rig.generator.startFrame());
            assertEquals(2, rig.generator.hardResets());
        }
    }

    @Test
    void transitionInterpolatesTheEmbeddingOverTheGivenNumberOfCalls() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000))) {
            rig.text(ToyRig.prompt("a cat"));
            float[] from = rig.denoiseRuns().get(0).get("prompt_embeds").floatData();
            Map<String, Object> t = ToyRig.prompt("a cat");
            t.put("transition", Map.of("target_prompts", List.of(Map.of("text", "a dog", "weight", 1.0)),
                    "num_steps", 4, "temporal_interpolation_method", "linear"));
            float[][] seen = new float[6][];
            for (int call = 0; call < 6; call++) {
                rig.graphs.clear();
                rig.text(t);
                seen[call] = rig.denoiseRuns().get(0).get("prompt_embeds").floatData();
            }
            float[] to = seen[5];
            assertArrayEquals(seen[3], seen[4], "the transition ends after 4 calls");
            for (int k = 1; k <= 4; k++) {
                for (int i = 0; i < from.length; i++) {
                    assertEquals(from[i] + (to[i] - from[i]) * k / 4f, seen[k - 1][i], 1e-5f);
                }
            }
            assertFalse(Arrays.equals(from, to));
            assertEquals(1, rig.generator.hardResets(), "a transition is not a hard cut");
        }
    }

    @Test
    void aNewPromptCancelsARunningTransition() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000))) {
            rig.text(ToyRig.prompt("a cat"));
            Map<String, Object> t = ToyRig.prompt("a cat");
            t.put("transition", Map.of("target_prompts", List.of(Map.of("text", "a dog", "weight", 1.0)),
                    "num_steps", 8));
            rig.text(t);
            rig.graphs.clear();
            rig.text(ToyRig.prompt("red sky"));
            float[] now = rig.denoiseRuns().get(0).get("prompt_embeds").floatData();
            rig.graphs.clear();
            rig.text(ToyRig.prompt("red sky"));
            assertArrayEquals(now, rig.denoiseRuns().get(0).get("prompt_embeds").floatData(),
                    "the embedding jumped to the new prompt and stays there");
        }
    }

    @Test
    void resetCacheStartsTheStreamOver() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000))) {
            rig.text(ToyRig.prompt("a cat"));
            rig.text(ToyRig.prompt("a cat"));
            Map<String, Object> p = ToyRig.prompt("a cat");
            p.put("reset_cache", true);
            rig.graphs.clear();
            List<Frame> out = rig.text(p);
            assertEquals(9, out.size());
            Map<String, HostTensor> first = rig.ditRuns().get(0);
            assertArrayEquals(new long[] {0, 1, 2}, first.get("positions").longData());
            assertTrue(Arrays.stream(first.get("cache_positions").longData()).allMatch(v -> v == -1));
            assertEquals(2, rig.generator.hardResets());
        }
    }

    @Test
    void changingTheStepListWithManageCacheResets() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000, 500))) {
            rig.text(ToyRig.prompt("a cat"));
            Map<String, Object> p = ToyRig.prompt("a cat");
            p.put("denoising_step_list", List.of(1000, 750, 250));
            rig.graphs.clear();
            rig.text(p);
            assertEquals(4, rig.ditRuns().size());
            assertEquals(2, rig.generator.hardResets());
            assertEquals(3, rig.generator.startFrame());
        }
    }

    @Test
    void positionsWrapBeforeTheRopeTableRunsOut() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(16, 16, 1000))) {
            Map<String, Object> p = ToyRig.prompt("a cat");
            for (int i = 0; i < 341; i++) {
                rig.text(p);
            }
            assertEquals(1023, rig.generator.startFrame());
            rig.graphs.clear();
            List<Frame> out = rig.text(p);
            assertEquals(9, out.size());
            assertEquals(0, rig.ditRuns().get(0).get("positions").longData()[0]);
        }
    }

    @Test
    void theSameSeedGivesTheSameFramesAndAnotherSeedDoesNot() throws Exception {
        List<Frame> a = runTwoBlocks(dir.resolve("a"), 42);
        List<Frame> b = runTwoBlocks(dir.resolve("b"), 42);
        List<Frame> c = runTwoBlocks(dir.resolve("c"), 7);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).rgb(), b.get(i).rgb());
        }
        assertFalse(Arrays.equals(a.get(20).rgb(), c.get(20).rgb()));
    }

    private List<Frame> runTwoBlocks(Path d, int seed) throws Exception {
        WanGeneratorConfig config = ToyRig.config(32, 32, 1000, 500);
        config.baseSeed = seed;
        try (ToyRig rig = new ToyRig(d, WanVariant.LONGLIVE, config)) {
            List<Frame> out = new java.util.ArrayList<>(rig.text(ToyRig.prompt("a cat")));
            out.addAll(rig.text(ToyRig.prompt("a cat")));
            return out;
        }
    }

    @Test
    void videoModeEncodesTheInputAndStartsAtTheNoiseScaleStep() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000, 750))) {
            Map<String, Object> p = ToyRig.prompt("a cat");
            p.put("noise_scale", 0.2);
            p.put("noise_controller", false);
            List<Frame> out = rig.video(p, ToyRig.solidFrames(12, 64, 48, 40));
            assertEquals(9, out.size());
            HostTensor clip = rig.graphs.runs("vae_encoder.onnx").get(0).get("video");
            assertArrayEquals(new long[] {1, 3, 12, 32, 32}, clip.shape());
            // noise_scale 0.2 replaces the first step by int(1000*0.2)-100 = 100; the model gets the raw steps
            assertEquals(100f, rig.denoiseRuns().get(0).get("timestep").floatData()[0]);
            assertEquals(750f, rig.denoiseRuns().get(1).get("timestep").floatData()[0]);
        }
    }

    @Test
    void videoModeNoiseScaleSetsHowMuchOfTheInputReachesTheModel() throws Exception {
        float low = inputInfluence(dir.resolve("low"), 0.1);
        float high = inputInfluence(dir.resolve("high"), 0.9);
        assertTrue(low > 0 && high > 0);
        assertEquals(0.9f / 0.1f, low / high, 0.01f, "latents = noise*s + encoded*(1-s)");
    }

    /** How far the DiT's first latents move when the input video changes, at a noise scale. */
    private float inputInfluence(Path d, double noiseScale) throws Exception {
        float[][] latents = new float[2][];
        for (int v = 0; v < 2; v++) {
            try (ToyRig rig = new ToyRig(d.resolve("v" + v), WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000))) {
                Map<String, Object> p = ToyRig.prompt("a cat");
                p.put("noise_scale", noiseScale);
                p.put("noise_controller", false);
                rig.video(p, ToyRig.solidFrames(12, 32, 32, v == 0 ? 20 : 200));
                latents[v] = rig.denoiseRuns().get(0).get("latents").floatData();
            }
        }
        double diff = 0;
        for (int i = 0; i < latents[0].length; i++) {
            diff += Math.abs(latents[0][i] - latents[1][i]);
        }
        return (float) diff;
    }

    @Test
    void prepareAsksForTwelveFramesInVideoModeAndNoneInTextMode() throws Exception {
        ToyModels.write(dir.resolve("shared"), dir.resolve("dit"), false);
        WanModels models = WanModels.open(new OrtGraphs(1), dir.resolve("shared"), dir.resolve("dit"),
                WanVariant.LONGLIVE, 32, 32);
        try (WanPipeline pipeline = new WanPipeline(models, WanVariant.LONGLIVE, ToyRig.config(32, 32))) {
            assertEquals(null, pipeline.prepare(new scope.api.Parameters(Map.of(), false)));
            assertEquals(12, pipeline.prepare(new scope.api.Parameters(Map.of(), true)).inputSize());
        }
    }

    @Test
    void promptEmbeddingsAreEncodedOncePerText() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(32, 32, 1000))) {
            rig.text(ToyRig.prompt("a cat"));
            rig.text(ToyRig.prompt("a dog"));
            rig.text(ToyRig.prompt("a cat"));
            rig.text(ToyRig.prompt("a dog"));
            assertEquals(2, rig.graphs.runs("text_encoder.onnx").size());
            assertNotEquals(0, rig.graphs.runs("text_encoder.onnx").get(0).get("input_ids").longData()[0]);
        }
    }
}
