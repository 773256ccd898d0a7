package scope.pipeline.wan.convert;

import java.util.Map;
import scope.pipeline.wan.WanContract;

/**
 * Builds the contract's {@code dit.onnx} (pipeline.wan/README.md) from a Wan-family causal DiT's weights: one
 * generator call on F latent frames against the per-layer KV cache, as Scope's {@code CausalWanModel} computes it
 * on its KV-cache path. Resolution, F and the cache length stay dynamic; widths, layers and heads are the
 * weights'.
 */
public final class CausalDitGraph {
    private CausalDitGraph() {
    }

    /**
     * Declares the inputs and outputs and adds every node.
     *
     * @param attentionBias also declare Krea's {@code kv_cache_attention_bias} (read by a Krea-specific attention
     *                      rule; LongLive's graph has none)
     */
    public static void build(GraphOps g, DitWeights w, DitConfig c, boolean attentionBias) {
        if (c.patch()[0] != 1) {
            throw new ConversionException(w.source(), "patch_embedding.weight",
                    "temporal patch size " + c.patch()[0] + ": positions are per latent frame, only 1 is supported");
        }
        Nodes n = new Nodes(g, w);
        g.input("latents", GraphOps.FLOAT, 1L, (long) c.inDim(), "F", "H8", "W8");
        g.input("timestep", GraphOps.FLOAT, 1L);
        g.input("prompt_embeds", GraphOps.FLOAT, 1L, (long) WanContract.TEXT_TOKENS, (long) c.textDim());
        for (int l = 0; l < c.layers(); l++) {
            g.input(WanContract.KV_CACHE_IN + l, GraphOps.FLOAT, 2L, "CACHE_TOKENS", (long) c.dim());
        }
        g.input("cache_positions", GraphOps.INT64, "CACHE_FRAMES");
        g.input("positions", GraphOps.INT64, "F");
        if (attentionBias) {
            g.input("kv_cache_attention_bias", GraphOps.FLOAT, 1L);
        }
        g.output("flow_pred", GraphOps.FLOAT, 1L, (long) c.outDim(), "F", "H8", "W8");
        for (int l = 0; l < c.layers(); l++) {
            g.output(WanContract.KV_CACHE_OUT + l, GraphOps.FLOAT, 2L, "BLOCK_TOKENS", (long) c.dim());
        }

        // patch embedding: [1, dim, F, h, w] -> tokens [L, dim] in (frame, row, column) order
        int[] p = c.patch();
        String patches = g.node("Conv", new String[] {"latents",
                g.weight("patch_embedding.weight", w.floats("patch_embedding.weight"), c.dim(), c.inDim(), p[0], p[1],
                        p[2]),
                g.weight("patch_embedding.bias", w.floats("patch_embedding.bias"), c.dim())}, null,
                Map.of("kernel_shape", new long[] {p[0], p[1], p[2]}, "strides", new long[] {p[0], p[1], p[2]}));
        String grid = g.op("Shape", patches);
        String f = dim(n, grid, 2);
        String h = dim(n, grid, 3);
        String wd = dim(n, grid, 4);
        String x = n.transpose(n.reshape(patches, g.longs(c.dim(), -1)), 1, 0);

        TimeEmbedding time = new TimeEmbedding(n, c, "timestep");
        String context = n.linear(n.geluTanh(n.linear(n.reshape("prompt_embeds", g.longs(-1, c.textDim())),
                "text_embedding.0")), "text_embedding.2");
        RotaryEmbedding rope = new RotaryEmbedding(n, c.heads(), c.headDim(), "positions", f, h, wd);
        String keyBias = keyBias(n, x, n.g.op("Mul", h, wd));

        for (int l = 0; l < c.layers(); l++) {
            String b = "blocks." + l + ".";
            String m = g.op("Add", n.reshape(g.weight(b + "modulation", w.floats(b + "modulation"), 1, 6, c.dim()),
                    g.longs(6, c.dim())), time.e0);
            String y = n.modulate(n.layerNorm(x, c.eps()), n.row(m, 0), n.row(m, 1));
            String attn = CachedSelfAttention.build(n, c, b + "self_attn.", y, rope, WanContract.KV_CACHE_IN + l,
                    keyBias, WanContract.KV_CACHE_OUT + l);
            x = g.op("Add", x, g.op("Mul", attn, n.row(m, 2)));
            String normed = c.crossAttnNorm() ? n.layerNorm(x, c.eps(), b + "norm3") : x;
            x = g.op("Add", x, CrossAttention.build(n, c, b + "cross_attn.", normed, context));
            String z = n.modulate(n.layerNorm(x, c.eps()), n.row(m, 3), n.row(m, 4));
            String ffn = n.linear(n.geluTanh(n.linear(z, b + "ffn.0")), b + "ffn.2");
            x = g.op("Add", x, g.op("Mul", ffn, n.row(m, 5)));
        }
        String out = OutputHead.build(n, c, x, time.e, f, h, wd);
        g.node("Identity", new String[] {out}, "flow_pred", Map.of());
    }

    /** Dimension i of a shape, as a 1-d int64 value. */
    private static String dim(Nodes n, String shape, int i) {
        return n.g.node("Gather", new String[] {shape, n.g.longs(i)}, null, Map.of("axis", 0L));
    }

    /**
     * The additive key bias [CACHE_TOKENS + L]: -inf for every token of a cache slot whose {@code cache_positions}
     * entry is negative (empty or not attended by this call), 0 for the other cached tokens and for the call's own.
     */
    private static String keyBias(Nodes n, String tokens, String frameTokens) {
        GraphOps g = n.g;
        String masked = g.op("Less", "cache_positions", g.longs(0));
        String perSlot = g.op("Where", masked, g.scalar(Float.NEGATIVE_INFINITY), g.scalar(0f));
        String slots = g.op("Shape", "cache_positions");
        String perToken = n.reshape(g.op("Expand", n.reshape(perSlot, g.longs(-1, 1)), n.concat(0, slots, frameTokens)),
                g.longs(-1));
        String own = g.op("ConstantOfShape", dim(n, g.op("Shape", tokens), 0));
        return n.concat(0, perToken, own);
    }
}
