package scope.pipeline.wan.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.pipeline.wan.CausalDit;
import scope.pipeline.wan.FlowMatchSchedule;
import scope.pipeline.wan.Graph;
import scope.pipeline.wan.HostTensor;
import scope.pipeline.wan.KvCache;
import scope.pipeline.wan.OrtGraphs;
import scope.pipeline.wan.OnnxBuilder;
import scope.pipeline.wan.RecordingGraphs;
import scope.pipeline.wan.ToyModels;
import scope.pipeline.wan.ToySentencePiece;
import scope.pipeline.wan.WanGenerator;
import scope.pipeline.wan.WanGeneratorConfig;
import scope.pipeline.wan.WanModels;
import scope.pipeline.wan.WanVariant;
import scope.api.Parameters;
import scope.graph.Precision;
import scope.api.PipelineCall;

/**
 * The converted LongLive DiT against Scope's own outputs (fixtures/wan-parity/longlive_dit): every generator call
 * from its saved inputs, and the whole 9-chunk sequence (prompt switch and recache at chunk 7) through the real
 * loop, {@link WanGenerator}, fed the fixture's noise.
 */
class LongLiveDitParityTest {
    @TempDir
    static Path dir;
    static LongLiveFixture fixture;
    static Path dit;

    @BeforeAll
    static void convert() throws Exception {
        fixture = new LongLiveFixture(LongLiveFixture.root());
        dit = dir.resolve("dit.onnx");
        CausalDitConverter.convert(fixture.weights(), fixture.config.get("num_heads").asInt(),
                fixture.config.get("eps").asDouble(), false, dit, Precision.FP32);
    }

    /** [1, F, C, h, w] (upstream's wrapper layout) <-> [1, C, F, h, w] (ours). */
    static float[] swapFrameAndChannel(float[] x, int a, int b, int area) {
        float[] out = new float[x.length];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(x, (i * b + j) * area, out, (j * a + i) * area, area);
            }
        }
        return out;
    }

    static double maxAbs(float[] a, float[] b, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void everyCallFromItsSavedInputs() throws Exception {
        int[] hw = {fixture.manifest.get("latent_hw").get(0).asInt(), fixture.manifest.get("latent_hw").get(1).asInt()};
        int fsl = fixture.manifest.get("frame_seq_length").asInt();
        int area = hw[0] * hw[1];
        long[] kvShape = fixture.shape("chunk00_kvcache_k");
        int layers = (int) kvShape[0];
        int cacheFrames = (int) (kvShape[2] / fsl);
        int kvDim = (int) (kvShape[3] * kvShape[4]);
        float[] prompts = fixture.floats("prompt_embeds");
        int promptSize = prompts.length / (int) fixture.shape("prompt_embeds")[0];
        FlowMatchSchedule table = null;
        double worstFlow = 0;
        double worstKv = 0;
        int compared = 0;
        try (Graph graph = new OrtGraphs(1).open(dit)) {
            CausalDit model = new CausalDit(graph, false, hw[0], hw[1], layers, kvDim);
            for (JsonNode chunk : fixture.manifest.get("chunks")) {
                int index = chunk.get("chunk").asInt();
                KvCache cache = new KvCache(layers, cacheFrames, WanVariant.LONGLIVE.sinkFrames(),
                        WanVariant.LONGLIVE.attentionFrames(), fsl, kvDim);
                if (index > 0) {
                    load(cache, fixture.manifest.get("chunks").get(index - 1), fsl, kvDim, layers);
                }
                for (JsonNode callIndex : chunk.get("calls")) {
                    JsonNode call = fixture.manifest.get("calls").get(callIndex.asInt());
                    int frames = (int) fixture.shape(call.get("x_t").asText())[1];
                    int start = call.get("current_start_frame").asInt();
                    float[] xt = swapFrameAndChannel(fixture.floats(call.get("x_t").asText()), frames, 16, area);
                    float[] expected = swapFrameAndChannel(fixture.floats(call.get("flow_pred").asText()), frames, 16,
                            area);
                    float[] embeds = java.util.Arrays.copyOfRange(prompts, call.get("prompt").asInt() * promptSize,
                            (call.get("prompt").asInt() + 1) * promptSize);
                    float t = (float) call.get("timestep_values").get(0).asDouble();
                    int first = 0;
                    if (call.get("phase").asText().equals("recache") && start > 0) {
                        // a recompute: only the frames after the sinks are written and attended (README); run those
                        first = frames - (cacheFrames - cache.sinkFrames());
                        cache.clearRolling();
                    }
                    int n = frames - first;
                    long[] positions = new long[n];
                    for (int f = 0; f < n; f++) {
                        positions[f] = start + first + f;
                    }
                    float[] input = new float[16 * n * area];
                    float[] want = new float[16 * n * area];
                    for (int ch = 0; ch < 16; ch++) {
                        System.arraycopy(xt, (ch * frames + first) * area, input, ch * n * area, n * area);
                        System.arraycopy(expected, (ch * frames + first) * area, want, ch * n * area, n * area);
                    }
                    HostTensor latents = HostTensor.floats(input, 1, 16, n, hw[0], hw[1]);
                    float[] flow = model.flow(latents, positions, t, embeds, cache, 1f).floatData();
                    double d = maxAbs(flow, want, 0, want.length);
                    worstFlow = Math.max(worstFlow, d);
                    compared++;
                    assertTrue(d <= 1e-4, "call " + callIndex + " flow_pred max |diff| " + d);
                    String phase = call.get("phase").asText();
                    if (!phase.equals("denoise")) {
                        List<HostTensor> kv = model.keysAndValues(latents, positions, embeds, cache);
                        cache.write(copies(kv), positions);
                    }
                }
                worstKv = Math.max(worstKv, compareCache(cache, chunk, fsl, kvDim, layers));
            }
        }
        System.out.printf("longlive_dit per call: %d calls, flow_pred max |diff| %.3g, kv cache max |diff| %.3g%n",
                compared, worstFlow, worstKv);
        assertTrue(worstKv <= 1e-4, "kv cache max |diff| " + worstKv);
    }

    private static List<HostTensor> copies(List<HostTensor> kv) {
        List<HostTensor> out = new ArrayList<>();
        for (HostTensor t : kv) {
            out.add(HostTensor.floats(t.floatData(), t.shape()));
        }
        return out;
    }

    /** Positions of upstream's slots after a chunk: sinks, then the window in order. */
    static long[] slotPositions(JsonNode chunk, int fsl, int cacheFrames) {
        JsonNode idx = chunk.get("kv_cache_after_chunk").get("indices").get(0);
        int global = idx.get("global_end_index").asInt() / fsl;
        int local = idx.get("local_end_index").asInt() / fsl;
        long[] p = new long[local];
        for (int j = 0; j < local; j++) {
            p[j] = local < cacheFrames || j < 3 ? j : global - (cacheFrames - j);
        }
        return p;
    }

    /** Loads upstream's saved cache (k, v [L, 1, tokens, H, d]) into ours, frames in slot order. */
    static void load(KvCache cache, JsonNode chunk, int fsl, int kvDim, int layers) throws Exception {
        float[] k = fixture.floats(chunk.get("kv_cache_after_chunk").get("k").asText());
        float[] v = fixture.floats(chunk.get("kv_cache_after_chunk").get("v").asText());
        long[] positions = slotPositions(chunk, fsl, cache.capacityFrames());
        int tokens = positions.length * fsl;
        int layerSize = cache.capacityFrames() * fsl * kvDim;
        List<HostTensor> kv = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            float[] both = new float[2 * tokens * kvDim];
            System.arraycopy(k, l * layerSize, both, 0, tokens * kvDim);
            System.arraycopy(v, l * layerSize, both, tokens * kvDim, tokens * kvDim);
            kv.add(HostTensor.floats(both, 2, tokens, kvDim));
        }
        cache.write(kv, positions);
    }

    /** Our cache in upstream's slot order (by position) against the saved one; returns the max |diff|. */
    static double compareCache(KvCache cache, JsonNode chunk, int fsl, int kvDim, int layers) throws Exception {
        float[] k = fixture.floats(chunk.get("kv_cache_after_chunk").get("k").asText());
        float[] v = fixture.floats(chunk.get("kv_cache_after_chunk").get("v").asText());
        long[] want = slotPositions(chunk, fsl, cache.capacityFrames());
        long[] held = cache.positions();
        int frameSize = fsl * kvDim;
        int layerSize = cache.capacityFrames() * frameSize;
        double worst = 0;
        for (int j = 0; j < want.length; j++) {
            int slot = -1;
            for (int s = 0; s < held.length; s++) {
                if (held[s] == want[j]) {
                    slot = s;
                }
            }
            assertTrue(slot >= 0, "chunk " + chunk.get("chunk") + ": our cache lacks frame " + want[j]);
            for (int l = 0; l < layers; l++) {
                float[] ours = cache.tensor(l).floatData();
                for (int i = 0; i < frameSize; i++) {
                    worst = Math.max(worst, Math.abs(ours[slot * frameSize + i] - k[l * layerSize + j * frameSize + i]));
                    worst = Math.max(worst, Math.abs(ours[layerSize + slot * frameSize + i]
                            - v[l * layerSize + j * frameSize + i]));
                }
            }
        }
        return worst;
    }

    /** The two prompts' texts; the test text encoder maps each to the fixture's embedding of that index. */
    private static final String[] PROMPTS = {"cat", "dog"};

    @Test
    void theChainedSequenceThroughTheLoopMatchesEverySavedTensor() throws Exception {
        int[] hw = {fixture.manifest.get("latent_hw").get(0).asInt(), fixture.manifest.get("latent_hw").get(1).asInt()};
        int fsl = fixture.manifest.get("frame_seq_length").asInt();
        int area = hw[0] * hw[1];
        long[] kvShape = fixture.shape("chunk00_kvcache_k");
        int layers = (int) kvShape[0];
        int kvDim = (int) (kvShape[3] * kvShape[4]);
        Path shared = dir.resolve("chain/shared");
        Path ditDir = dir.resolve("chain/dit");
        long[] promptShape = fixture.shape("prompt_embeds");
        ToyModels.write(shared, ditDir, false, (int) promptShape[2]);
        fixtureTextEncoder(promptShape).write(shared.resolve("text_encoder.onnx"));
        java.nio.file.Files.copy(dit, ditDir.resolve("dit.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        JsonNode chunks = fixture.manifest.get("chunks");
        WanGeneratorConfig config = new WanGeneratorConfig();
        config.height = hw[0] * 8;
        config.width = hw[1] * 8;
        config.denoisingSteps = new ArrayList<>();
        fixture.manifest.get("denoising_step_list").forEach(t -> config.denoisingSteps.add(t.asInt()));
        RecordingGraphs graphs = new RecordingGraphs();
        double worst = 0;
        int compared = 0;
        try (WanModels models = WanModels.open(graphs, shared, ditDir, WanVariant.LONGLIVE, config.height,
                config.width)) {
            WanGenerator generator = new WanGenerator(models, WanVariant.LONGLIVE, config,
                    (startFrame, index, out) -> {
                        JsonNode chunk = chunks.get((int) (startFrame / 3));
                        String name = index == 0 ? chunk.get("initial_noise").asText()
                                : String.format("chunk%02d_renoise_step%d_noise", chunk.get("chunk").asInt(), index - 1);
                        float[] n = swapFrameAndChannel(fixture.floats(name), 3, 16, area);
                        System.arraycopy(n, 0, out, 0, out.length);
                    });
            for (JsonNode chunk : chunks) {
                graphs.clear();
                Map<String, Object> values = new java.util.HashMap<>();
                values.put("prompts", List.of(Map.of("text", PROMPTS[chunk.get("prompt").asInt()], "weight", 1.0)));
                generator.generate(new PipelineCall(new Parameters(values, false), List.of(), chunk.get("chunk").asInt() == 0));
                List<Map<String, HostTensor>> ins = graphs.runs("dit.onnx");
                List<Map<String, HostTensor>> outs = graphs.outputs("dit.onnx");
                JsonNode calls = chunk.get("calls");
                assertTrue(ins.size() == calls.size(), "chunk " + chunk.get("chunk") + ": " + ins.size()
                        + " DiT runs, upstream " + calls.size());
                for (int i = 0; i < calls.size(); i++) {
                    JsonNode call = fixture.manifest.get("calls").get(calls.get(i).asInt());
                    int frames = (int) fixture.shape(call.get("x_t").asText())[1];
                    float[] xt = swapFrameAndChannel(fixture.floats(call.get("x_t").asText()), frames, 16, area);
                    float[] ourXt = ins.get(i).get("latents").floatData();
                    int ourFrames = (int) ins.get(i).get("latents").dim(2);
                    assertTrue(ins.get(i).get("timestep").floatData()[0] == (float) call.get("timestep_values").get(0)
                            .asDouble(), "call " + calls.get(i) + " timestep");
                    // our recompute runs only the frames that upstream writes (the last ones)
                    worst = Math.max(worst, compareFrames(ourXt, ourFrames, xt, frames, area, "call " + calls.get(i)
                            + " x_t"));
                    if (outs.get(i).containsKey("flow_pred")) {
                        float[] flow = swapFrameAndChannel(fixture.floats(call.get("flow_pred").asText()), frames, 16,
                                area);
                        worst = Math.max(worst, compareFrames(outs.get(i).get("flow_pred").floatData(), ourFrames,
                                flow, frames, area, "call " + calls.get(i) + " flow_pred"));
                    }
                    compared++;
                }
                float[] denoised = swapFrameAndChannel(fixture.floats(chunk.get("denoised_latents").asText()), 3, 16,
                        area);
                worst = Math.max(worst, compareFrames(ins.get(ins.size() - 1).get("latents").floatData(), 3, denoised,
                        3, area, "chunk " + chunk.get("chunk") + " denoised"));
                double kv = compareCache(generator.cache(), chunk, fsl, kvDim, layers);
                assertTrue(kv <= 1e-4, "chunk " + chunk.get("chunk") + " kv cache max |diff| " + kv);
                worst = Math.max(worst, kv);
            }
        }
        System.out.printf("longlive_dit chained through WanGenerator: %d calls + %d chunks' latents and caches, "
                + "max |diff| %.3g%n", compared, chunks.size(), worst);
    }

    /**
     * Compares our frames with the last {@code ourFrames} of upstream's, rtol 1e-3 / atol 1e-4 (chained
     * tolerance); returns the max |diff|.
     */
    private static double compareFrames(float[] ours, int ourFrames, float[] theirs, int frames, int area,
            String what) {
        int skip = frames - ourFrames;
        double worst = 0;
        for (int ch = 0; ch < 16; ch++) {
            for (int f = 0; f < ourFrames; f++) {
                for (int i = 0; i < area; i++) {
                    float a = ours[(ch * ourFrames + f) * area + i];
                    float b = theirs[(ch * frames + skip + f) * area + i];
                    double d = Math.abs(a - b);
                    assertTrue(d <= 1e-4 + 1e-3 * Math.abs(b), what + ": " + a + " vs " + b);
                    worst = Math.max(worst, d);
                }
            }
        }
        return worst;
    }

    /** A text encoder that gives the fixture's embedding i for the prompt PROMPTS[i] (by its first token). */
    private static OnnxBuilder fixtureTextEncoder(long[] shape) throws Exception {
        OnnxBuilder b = new OnnxBuilder().input("input_ids", OnnxBuilder.INT64, "B", 512)
                .input("attention_mask", OnnxBuilder.INT64, "B", 512)
                .output("prompt_embeds", OnnxBuilder.FLOAT, "B", 512, shape[2]);
        String table = b.floats(fixture.floats("prompt_embeds"), shape);
        String first = b.node("Gather", new String[] {"input_ids", b.longs(0)}, null, OnnxBuilder.intAttr("axis", 1));
        long dog = ToySentencePiece.pieces().indexOf("\u2581" + PROMPTS[1]);
        String second = b.node("Cast", new String[] {b.op("Equal", first, b.longs(dog))}, null,
                OnnxBuilder.intAttr("to", OnnxBuilder.INT64));
        String index = b.op("Squeeze", second, b.longs(1));
        b.node("Gather", new String[] {table, index}, "prompt_embeds", OnnxBuilder.intAttr("axis", 0));
        return b;
    }
}
