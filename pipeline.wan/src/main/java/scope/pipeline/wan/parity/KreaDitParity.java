package scope.pipeline.wan.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import scope.graph.Precision;
import scope.pipeline.wan.CausalDit;
import scope.pipeline.wan.Graph;
import scope.pipeline.wan.HostTensor;
import scope.pipeline.wan.KvCache;
import scope.pipeline.wan.OrtGraphs;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.WanVariant;
import scope.pipeline.wan.convert.CausalDitConverter;
import scope.pipeline.wan.convert.WanVaeConverter;
import scope.pipeline.wan.convert.Weights;
import scope.pipeline.wan.convert.WeightsOpener;

/**
 * {@code krea_dit}: Krea's DiT converted at FP32 with Krea's attention rule and checked against Scope's saved
 * tensors (fixture README: 5 chunks, {@code kv_cache_attention_bias} 0.3, the cache recomputed from 3 context
 * frames before every chunk from the second). Every generator call from its saved inputs, through
 * {@link CausalDit} and {@link KvCache} on ONNX Runtime: a chunk's recompute call (positions from 0, bias 1, empty
 * cache) writes the cache, its denoising calls (positions from min(start, 3), bias 0.3) read it; {@code flow_pred}
 * per call and the context part of the cache after each chunk (upstream's first 3 frames; the rest holds the last
 * step's keys of the block, which Krea's next chunk never reads), 1e-4 absolute.
 */
public final class KreaDitParity implements ParityCheck {
    private static final WanVariant VARIANT = WanVariant.KREA;
    private final WeightsOpener weights;

    public KreaDitParity(WeightsOpener weights) {
        this.weights = weights;
    }

    @Override
    public String fixture() {
        return "krea_dit";
    }

    @Override
    public ParityResult run(FixtureManifest files, Path workDir) throws Exception {
        JsonNode config = files.config();
        Path dit = workDir.resolve("dit").resolve(WanContract.DIT_FILE);
        try (Weights w = weights.open(files.weights())) {
            CausalDitConverter.convert(w, config.get("num_heads").asInt(), config.get("eps").asDouble(), true, dit,
                    Precision.FP32);
        }
        DitFixture f = new DitFixture(files);
        List<TensorComparison> compared = new ArrayList<>(perCall(f, dit));
        // the chained sequence decodes and re-encodes through the Wan VAE of the same fixture set
        Path shared = workDir.resolve("shared");
        StandInGraphs.write(shared, f.promptEmbeds, f.prompts, f.textDim, false);
        Path vae = files.dir().resolveSibling("wan_vae").resolve("weights.safetensors");
        try (Weights w = weights.open(vae)) {
            WanVaeConverter.convert(w, shared, WanVaeConverter.Options.fp32().withVideoOutput());
        }
        long[] context = {0, 1, 2};
        compared.addAll(ChainedSequence.run(f, VARIANT, shared, dit.getParent(),
                chunk -> chunk.get("chunk").asInt() > 0 ? context : null));
        return ParityResult.of(fixture(), compared);
    }

    private static List<TensorComparison> perCall(DitFixture f, Path dit) throws Exception {
        List<TensorComparison> out = new ArrayList<>();
        try (Graph graph = new OrtGraphs(1).open(dit)) {
            CausalDit model = new CausalDit(graph, true, f.h8, f.w8, f.layers, f.kvDim);
            for (JsonNode chunk : f.chunks()) {
                int index = chunk.get("chunk").asInt();
                KvCache cache = new KvCache(f.layers, VARIANT.cacheFrames(), VARIANT.sinkFrames(),
                        VARIANT.attentionFrames(), f.frameTokens, f.kvDim);
                long[] context = new long[0];
                for (JsonNode i : chunk.get("calls")) {
                    JsonNode call = f.call(i.asInt());
                    String name = String.format("call%03d", i.asInt());
                    int frames = f.frames(call.get("x_t").asText());
                    long[] positions = new long[frames];
                    for (int k = 0; k < frames; k++) {
                        positions[k] = call.get("rope_start_frame").asInt() + k;
                    }
                    HostTensor latents = HostTensor.floats(f.latents(call.get("x_t").asText()), 1,
                            WanContract.LATENT_CHANNELS, frames, f.h8, f.w8);
                    float[] embeds = f.prompt(call.get("prompt").asInt());
                    float t = (float) call.get("timestep_values").get(0).asDouble();
                    float bias = (float) call.get("kv_cache_attention_bias").asDouble();
                    boolean recompute = call.get("phase").asText().equals("recompute_kv_cache");
                    if (recompute) {
                        cache.clear();
                    }
                    float[] flow = model.flow(latents, positions, t, embeds, cache, bias).floatData();
                    out.add(TensorComparison.of(name + " flow_pred (saved inputs)",
                            f.latents(call.get("flow_pred").asText()), flow, Tolerance.SINGLE_CALL));
                    if (recompute) {
                        List<HostTensor> kv = new ArrayList<>();
                        for (HostTensor layer : model.keysAndValues(latents, positions, embeds, cache)) {
                            kv.add(HostTensor.floats(layer.floatData(), layer.shape()));
                        }
                        cache.write(kv, positions);
                        context = positions;
                    }
                }
                if (context.length > 0) {
                    float[][] pair = f.cachePair(cache, chunk, context);
                    out.add(TensorComparison.of(String.format("chunk%02d context kv cache (saved inputs)", index),
                            pair[0], pair[1], Tolerance.SINGLE_CALL));
                }
            }
        }
        return out;
    }
}
