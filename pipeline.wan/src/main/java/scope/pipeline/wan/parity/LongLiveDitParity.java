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
import scope.pipeline.wan.convert.Weights;
import scope.pipeline.wan.convert.WeightsOpener;

/**
 * {@code longlive_dit}: the LongLive DiT converted at FP32 by {@link CausalDitConverter} and checked two ways
 * against Scope's saved tensors (fixture README: 9 chunks, the prompt switched with a recache at chunk 7).
 * <ol>
 * <li>Every generator call from its saved inputs, through {@link CausalDit} and {@link KvCache} on ONNX Runtime,
 * the cache before each chunk loaded from upstream's: {@code flow_pred} per call and the cache after each chunk,
 * 1e-4 absolute.</li>
 * <li>The whole sequence chained through {@code WanGenerator} in text mode ({@link ChainedSequence}), fed the
 * fixture's noise: every call's {@code x_t} and {@code flow_pred}, each chunk's denoised latents and the cache after
 * every chunk, rtol 1e-3 / atol 1e-4. The text encoder and VAE there are {@link StandInGraphs}: the fixture
 * covers only the DiT.</li>
 * </ol>
 * A recompute (the recache once the stream is past its first 12 frames) runs only the frames upstream writes, the
 * last CACHE_FRAMES - sinks; upstream's other outputs of that call are discarded and are not compared.
 */
public final class LongLiveDitParity implements ParityCheck {
    private static final WanVariant VARIANT = WanVariant.LONGLIVE;
    private final WeightsOpener weights;

    public LongLiveDitParity(WeightsOpener weights) {
        this.weights = weights;
    }

    @Override
    public String fixture() {
        return "longlive_dit";
    }

    @Override
    public ParityResult run(FixtureManifest files, Path workDir) throws Exception {
        JsonNode config = files.config();
        Path ditDir = workDir.resolve("dit");
        Path dit = ditDir.resolve(WanContract.DIT_FILE);
        try (Weights w = weights.open(files.weights())) {
            CausalDitConverter.convert(w, config.get("num_heads").asInt(), config.get("eps").asDouble(), false, dit,
                    Precision.FP32);
        }
        DitFixture f = new DitFixture(files);
        List<TensorComparison> compared = new ArrayList<>(perCall(f, dit));
        compared.addAll(chained(f, workDir.resolve("shared"), ditDir));
        return ParityResult.of(fixture(), compared);
    }

    private static List<TensorComparison> perCall(DitFixture f, Path dit) throws Exception {
        List<TensorComparison> out = new ArrayList<>();
        try (Graph graph = new OrtGraphs(1).open(dit)) {
            CausalDit model = new CausalDit(graph, false, f.h8, f.w8, f.layers, f.kvDim);
            for (JsonNode chunk : f.chunks()) {
                int index = chunk.get("chunk").asInt();
                KvCache cache = new KvCache(f.layers, f.cacheFrames, VARIANT.sinkFrames(), VARIANT.attentionFrames(),
                        f.frameTokens, f.kvDim);
                if (index > 0) {
                    f.load(cache, f.chunk(index - 1));
                }
                for (JsonNode i : chunk.get("calls")) {
                    JsonNode call = f.call(i.asInt());
                    String name = String.format("call%03d", i.asInt());
                    int frames = f.frames(call.get("x_t").asText());
                    int start = call.get("current_start_frame").asInt();
                    int run = frames;
                    if (call.get("phase").asText().equals("recache")) {
                        if (start > 0) {
                            run = f.cacheFrames - cache.sinkFrames();
                            cache.clearRolling();
                        } else {
                            cache.clear();
                        }
                    }
                    long[] positions = new long[run];
                    for (int k = 0; k < run; k++) {
                        positions[k] = start + frames - run + k;
                    }
                    HostTensor latents = HostTensor.floats(f.lastFrames(f.latents(call.get("x_t").asText()), frames,
                            run), 1, WanContract.LATENT_CHANNELS, run, f.h8, f.w8);
                    float[] embeds = f.prompt(call.get("prompt").asInt());
                    float t = (float) call.get("timestep_values").get(0).asDouble();
                    float[] flow = model.flow(latents, positions, t, embeds, cache, 1f).floatData();
                    float[] want = f.lastFrames(f.latents(call.get("flow_pred").asText()), frames, run);
                    out.add(TensorComparison.of(name + " flow_pred (saved inputs)", want, flow, Tolerance.SINGLE_CALL));
                    if (!call.get("phase").asText().equals("denoise")) {
                        List<HostTensor> kv = new ArrayList<>();
                        for (HostTensor layer : model.keysAndValues(latents, positions, embeds, cache)) {
                            kv.add(HostTensor.floats(layer.floatData(), layer.shape()));
                        }
                        cache.write(kv, positions);
                    }
                }
                float[][] pair = f.cachePair(cache, chunk, f.slotPositions(chunk, cache.sinkFrames()));
                out.add(TensorComparison.of(String.format("chunk%02d kv cache (saved inputs)", index), pair[0], pair[1],
                        Tolerance.SINGLE_CALL));
            }
        }
        return out;
    }

    private static List<TensorComparison> chained(DitFixture f, Path shared, Path ditDir) throws Exception {
        StandInGraphs.write(shared, f.promptEmbeds, f.prompts, f.textDim, true);
        return ChainedSequence.run(f, VARIANT, shared, ditDir, chunk -> f.slotPositions(chunk, VARIANT.sinkFrames()));
    }
}
