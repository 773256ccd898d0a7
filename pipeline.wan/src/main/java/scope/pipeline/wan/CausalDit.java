package scope.pipeline.wan;

import java.util.HashMap;
import java.util.Map;

/** Runs the causal DiT step graph on a few latent frames against the KV cache. */
public final class CausalDit {
    private final Graph graph;
    private final boolean attentionBias;
    private final int h8;
    private final int w8;

    public CausalDit(Graph graph, boolean attentionBias, int h8, int w8) {
        this.graph = graph;
        this.attentionBias = attentionBias;
        this.h8 = h8;
        this.w8 = w8;
    }

    /** One pass; returns {@code flow_pred} and {@code kv_cache_out}. */
    public Map<String, HostTensor> run(float[] latents, long[] positions, float timestep, float[] embeds,
            KvCache cache, float bias) throws Exception {
        int frames = positions.length;
        Map<String, HostTensor> in = new HashMap<>();
        in.put("latents", HostTensor.floats(latents, 1, WanContract.LATENT_CHANNELS, frames, h8, w8));
        in.put("timestep", HostTensor.scalar(timestep));
        in.put("prompt_embeds", HostTensor.floats(embeds, 1, WanContract.TEXT_TOKENS,
                embeds.length / WanContract.TEXT_TOKENS));
        in.put("kv_cache_in", cache.tensor());
        in.put("cache_positions", cache.positionsTensor());
        in.put("positions", HostTensor.longs(positions.clone(), frames));
        if (attentionBias) {
            in.put("kv_cache_attention_bias", HostTensor.scalar(bias));
        }
        return graph.run(in);
    }
}
