package scope.pipeline.wan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the causal DiT step graph on a few latent frames against the KV cache. Each pass fetches only the outputs
 * its caller uses, written into buffers the engine keeps (valid until the next pass).
 */
public final class CausalDit {
    private final Graph graph;
    private final boolean attentionBias;
    private final int h8;
    private final int w8;
    private final int layers;
    private final int kvDim;
    private final int frameTokens;

    public CausalDit(Graph graph, boolean attentionBias, int h8, int w8, int layers, int kvDim) {
        this.graph = graph;
        this.attentionBias = attentionBias;
        this.h8 = h8;
        this.w8 = w8;
        this.layers = layers;
        this.kvDim = kvDim;
        this.frameTokens = (h8 / 2) * (w8 / 2);
    }

    /**
     * A denoising pass on latents {@code [1, 16, F, H8, W8]} (a direct tensor is read in place) at the model
     * timestep {@code timestep} (Scope's raw step value): {@code flow_pred} {@code [1, 16, F, H8, W8]}.
     */
    public HostTensor flow(HostTensor latents, long[] positions, float timestep, float[] embeds, KvCache cache,
            float bias) throws Exception {
        long[] shape = {1, WanContract.LATENT_CHANNELS, positions.length, h8, w8};
        return run(latents, positions, timestep, embeds, cache, bias, Map.of("flow_pred", shape)).get("flow_pred");
    }

    /**
     * A cache-writing pass (timestep 0, no bias): per layer {@code kv_cache_out.<l>}
     * {@code [2, BLOCK_TOKENS, KV_DIM]}.
     */
    public List<HostTensor> keysAndValues(HostTensor latents, long[] positions, float[] embeds, KvCache cache)
            throws Exception {
        long[] shape = {2, (long) positions.length * frameTokens, kvDim};
        Map<String, long[]> wanted = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            wanted.put(WanContract.KV_CACHE_OUT + l, shape);
        }
        Map<String, HostTensor> out = run(latents, positions, 0f, embeds, cache, 1f, wanted);
        List<HostTensor> kv = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            kv.add(out.get(WanContract.KV_CACHE_OUT + l));
        }
        return kv;
    }

    private Map<String, HostTensor> run(HostTensor latents, long[] positions, float timestep, float[] embeds,
            KvCache cache, float bias, Map<String, long[]> outputs) throws Exception {
        int frames = positions.length;
        Map<String, HostTensor> in = new HashMap<>();
        in.put("latents", latents);
        in.put("timestep", HostTensor.scalar(timestep));
        // embeddings are never changed in place, so the engine keeps one copy per prompt instead of one per call
        in.put("prompt_embeds", HostTensor.constant(embeds, 1, WanContract.TEXT_TOKENS,
                embeds.length / WanContract.TEXT_TOKENS));
        for (int l = 0; l < layers; l++) {
            in.put(WanContract.KV_CACHE_IN + l, cache.tensor(l));
        }
        in.put("cache_positions", HostTensor.longs(cache.attendedPositions(frames), cache.capacityFrames()));
        in.put("positions", HostTensor.longs(positions.clone(), frames));
        if (attentionBias) {
            in.put("kv_cache_attention_bias", HostTensor.scalar(bias));
        }
        return graph.run(in, outputs);
    }
}
