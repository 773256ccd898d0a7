package scope.pipeline.wan.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import scope.api.Parameters;
import scope.api.PipelineCall;
import scope.pipeline.wan.OrtGraphs;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.WanGenerator;
import scope.pipeline.wan.WanGeneratorConfig;
import scope.pipeline.wan.WanModels;
import scope.pipeline.wan.WanVariant;

/**
 * A DiT fixture's whole chunk sequence through the real loop: {@link WanGenerator} in text mode on the converted
 * DiT (and whatever shared graphs the caller put in {@code shared}), fed the fixture's noise, one generate call
 * per chunk with the chunk's prompt ({@link StandInGraphs#prompt}). Compared with rtol 1e-3 / atol 1e-4: each DiT
 * run's positions, timestep and {@code x_t} (the run's last frames against the saved call's, where the loop runs
 * fewer frames than upstream), the denoising runs' {@code flow_pred}, each chunk's denoised latents, and the cache
 * after each chunk at the positions the caller names (none: not compared).
 */
final class ChainedSequence {
    private ChainedSequence() {
    }

    static List<TensorComparison> run(DitFixture f, WanVariant variant, Path shared, Path ditDir,
            Function<JsonNode, long[]> cachePositions) throws Exception {
        WanGeneratorConfig config = new WanGeneratorConfig();
        config.height = f.h8 * 8;
        config.width = f.w8 * 8;
        config.denoisingSteps = new ArrayList<>();
        f.manifest.get("denoising_step_list").forEach(t -> config.denoisingSteps.add(t.asInt()));
        RecordedRuns graphs = new RecordedRuns(new OrtGraphs(1), WanContract.DIT_FILE,
                Set.of("latents", "timestep", "positions", "kv_cache_attention_bias"));
        List<TensorComparison> out = new ArrayList<>();
        int perBlock = WanContract.FRAMES_PER_BLOCK;
        try (WanModels models = WanModels.open(graphs, shared, ditDir, variant, config.height, config.width)) {
            WanGenerator generator = new WanGenerator(models, variant, config, (startFrame, index, into) -> {
                JsonNode chunk = f.chunk((int) (startFrame / perBlock));
                String name = index == 0 ? chunk.get("initial_noise").asText()
                        : String.format("chunk%02d_renoise_step%d_noise", chunk.get("chunk").asInt(), index - 1);
                System.arraycopy(f.latents(name), 0, into, 0, into.length);
            });
            for (JsonNode chunk : f.chunks()) {
                int index = chunk.get("chunk").asInt();
                graphs.clear();
                Map<String, Object> values = new HashMap<>();
                values.put("prompts", List.of(Map.of("text", StandInGraphs.prompt(chunk.get("prompt").asInt()),
                        "weight", 1.0)));
                values.put("kv_cache_attention_bias", f.manifest.get("kv_cache_attention_bias").asDouble());
                generator.generate(new PipelineCall(new Parameters(values, false), List.of(), index == 0));
                List<RecordedRuns.Run> runs = graphs.runs();
                JsonNode calls = chunk.get("calls");
                if (runs.size() != calls.size()) {
                    throw new IllegalStateException("chunk " + index + ": the loop ran the DiT " + runs.size()
                            + " times, Scope " + calls.size());
                }
                for (int i = 0; i < calls.size(); i++) {
                    compareCall(f, f.call(calls.get(i).asInt()), String.format("call%03d", calls.get(i).asInt()),
                            runs.get(i), out);
                }
                // the last denoising run's x0: the host's step after it; compared through the saved x0
                out.add(TensorComparison.of(String.format("chunk%02d denoised (chained)", index),
                        f.latents(chunk.get("denoised_latents").asText()), denoised(f, runs), Tolerance.CHAINED));
                long[] positions = cachePositions.apply(chunk);
                if (positions != null) {
                    float[][] pair = f.cachePair(generator.cache(), chunk, positions);
                    out.add(TensorComparison.of(String.format("chunk%02d kv cache (chained)", index), pair[0],
                            pair[1], Tolerance.CHAINED));
                }
            }
        }
        return out;
    }

    private static void compareCall(DitFixture f, JsonNode call, String name, RecordedRuns.Run r,
            List<TensorComparison> out) throws Exception {
        int frames = f.frames(call.get("x_t").asText());
        int ran = (int) r.inputs().get("latents").dim(2);
        long[] positions = new long[ran];
        for (int k = 0; k < ran; k++) {
            positions[k] = call.get("rope_start_frame").asInt() + frames - ran + k;
        }
        out.add(TensorComparison.of(name + " positions (chained)", positions, r.inputs().get("positions").longData()));
        out.add(TensorComparison.of(name + " timestep (chained)",
                new float[] {(float) call.get("timestep_values").get(0).asDouble()},
                r.inputs().get("timestep").floatData(), new Tolerance(0, 0)));
        if (r.inputs().containsKey("kv_cache_attention_bias")) {
            out.add(TensorComparison.of(name + " kv_cache_attention_bias (chained)",
                    new float[] {(float) call.get("kv_cache_attention_bias").asDouble()},
                    r.inputs().get("kv_cache_attention_bias").floatData(), new Tolerance(0, 1e-7)));
        }
        out.add(TensorComparison.of(name + " x_t (chained)", f.lastFrames(f.latents(call.get("x_t").asText()), frames,
                ran), r.inputs().get("latents").floatData(), Tolerance.CHAINED));
        if (r.outputs().containsKey("flow_pred")) {
            out.add(TensorComparison.of(name + " flow_pred (chained)",
                    f.lastFrames(f.latents(call.get("flow_pred").asText()), frames, ran),
                    r.outputs().get("flow_pred").floatData(), Tolerance.CHAINED));
        }
    }

    /**
     * The chunk's denoised latents as the loop made them: the clean pass's input where there is one (LongLive),
     * else x0 = x_t - sigma v of the last denoising run (Krea), with the host's own arithmetic.
     */
    private static float[] denoised(DitFixture f, List<RecordedRuns.Run> runs) {
        RecordedRuns.Run last = runs.get(runs.size() - 1);
        if (!last.outputs().containsKey("flow_pred")) {
            return last.inputs().get("latents").floatData();
        }
        float[] xt = last.inputs().get("latents").floatData();
        float[] v = last.outputs().get("flow_pred").floatData();
        List<Integer> steps = new ArrayList<>();
        f.manifest.get("denoising_step_list").forEach(t -> steps.add(t.asInt()));
        scope.pipeline.wan.FlowMatchSchedule schedule = new scope.pipeline.wan.FlowMatchSchedule(steps,
                WanGenerator.SHIFT);
        float[] x0 = new float[xt.length];
        scope.pipeline.wan.FlowMatchSchedule.toX0(xt, v, schedule.sigma(schedule.size() - 1), x0);
        return x0;
    }
}
