package scope.pipeline.wan.convert;

import scope.graph.DataType;
import scope.graph.GraphBuilder;
import scope.pipeline.wan.WanContract;

/**
 * Builds the contract's {@code dit.onnx} (pipeline.wan/README.md) from a Wan-family causal DiT's weights: one
 * generator call on F latent frames against the per-layer KV cache, as Scope's {@code CausalWanModel} computes it
 * on its KV-cache path. Resolution, F and the cache length stay dynamic; widths, layers and heads are the
 * weights'. Inputs and outputs are float32 (the contract); inside, the builder's precision.
 */
public final class CausalDitGraph {
    private CausalDitGraph() {
    }

    /**
     * Declares the inputs and outputs and adds every node.
     *
     * @param attentionBias Krea: declare {@code kv_cache_attention_bias} and attend with Krea's rule (bias on
     *                      the context frames after the first, upstream's zero-key padding; {@link CacheKeys})
     */
    public static void build(GraphBuilder g, Weights w, DitConfig c, boolean attentionBias) {
        if (c.patch()[0] != 1) {
            throw new ConversionException(w.source(), "patch_embedding.weight",
                    "temporal patch size " + c.patch()[0] + ": positions are per latent frame, only 1 is supported");
        }
        Nodes n = new Nodes(g, w);
        String latents = g.toCompute(g.input("latents", DataType.FLOAT, 1, c.inDim(), "F", "H8", "W8"));
        String timestep = g.input("timestep", DataType.FLOAT, 1);
        String prompt = g.toCompute(g.input("prompt_embeds", DataType.FLOAT, 1, WanContract.TEXT_TOKENS,
                c.textDim()));
        String[] cacheIn = new String[c.layers()];
        for (int l = 0; l < c.layers(); l++) {
            cacheIn[l] = g.toCompute(g.input(WanContract.KV_CACHE_IN + l, DataType.FLOAT, 2, "CACHE_TOKENS",
                    c.dim()));
        }
        String cachePositions = g.input("cache_positions", DataType.INT64, "CACHE_FRAMES");
        String positions = g.input("positions", DataType.INT64, "F");
        String bias = attentionBias ? g.input("kv_cache_attention_bias", DataType.FLOAT, 1) : null;

        // patch embedding: [1, dim, F, h, w] -> tokens [L, dim] in (frame, row, column) order
        int[] p = c.patch();
        String patches = g.conv(latents, n.weight("patch_embedding.weight", c.dim(), c.inDim(), p[0], p[1], p[2]),
                n.weight("patch_embedding.bias", c.dim()),
                scope.graph.Attributes.ints("kernel_shape", p[0], p[1], p[2]),
                scope.graph.Attributes.ints("strides", p[0], p[1], p[2]));
        String grid = g.shape(patches);
        String f = g.gather(grid, g.longs(2), 0);
        String h = g.gather(grid, g.longs(3), 0);
        String wd = g.gather(grid, g.longs(4), 0);
        String x = g.transpose(g.reshape(patches, c.dim(), -1), 1, 0);

        TimeEmbedding time = new TimeEmbedding(n, c, timestep);
        String context = n.linear(scope.graph.Layers.geluTanh(g, n.linear(g.reshape(prompt, -1, c.textDim()),
                "text_embedding.0")), "text_embedding.2");
        RotaryEmbedding rope = new RotaryEmbedding(g, c.heads(), c.headDim(), positions, f, h, wd);
        CacheKeys keys = new CacheKeys(g, cachePositions, g.mul(h, wd), g.gather(g.shape(x), g.longs(0), 0), bias);

        for (int l = 0; l < c.layers(); l++) {
            String b = "blocks." + l + ".";
            String m = g.add(g.reshape(n.weight(b + "modulation", 1, 6, c.dim()), 6, c.dim()), time.e0);
            String y = n.modulate(n.layerNorm(x, c.dim(), c.eps()), n.row(m, 0), n.row(m, 1));
            String[] attn = CachedSelfAttention.build(n, c, b + "self_attn.", y, rope, cacheIn[l], keys);
            g.output(g.toFloat(attn[1]), WanContract.KV_CACHE_OUT + l, DataType.FLOAT, 2, "BLOCK_TOKENS", c.dim());
            x = g.add(x, g.mul(attn[0], n.row(m, 2)));
            String normed = c.crossAttnNorm() ? n.layerNorm(x, c.dim(), c.eps(), b + "norm3") : x;
            x = g.add(x, CrossAttention.build(n, c, b + "cross_attn.", normed, context));
            String z = n.modulate(n.layerNorm(x, c.dim(), c.eps()), n.row(m, 3), n.row(m, 4));
            String ffn = n.linear(scope.graph.Layers.geluTanh(g, n.linear(z, b + "ffn.0")), b + "ffn.2");
            x = g.add(x, g.mul(ffn, n.row(m, 5)));
        }
        String out = OutputHead.build(n, c, x, time.e, f, h, wd);
        g.output(g.toFloat(out), "flow_pred", DataType.FLOAT, 1, c.outDim(), "F", "H8", "W8");
    }
}
