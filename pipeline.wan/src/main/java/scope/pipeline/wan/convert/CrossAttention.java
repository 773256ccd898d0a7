package scope.pipeline.wan.convert;

import scope.graph.Layers;

/**
 * One block's text cross-attention: queries from the tokens, keys and values from the embedded prompt (all 512
 * positions, no padding mask, as upstream), RMS norms on queries and keys.
 */
final class CrossAttention {
    private CrossAttention() {
    }

    /** @return [L, dim] after the output projection */
    static String build(Nodes n, DitConfig c, String prefix, String x, String context) {
        var g = n.g;
        String q = n.linear(x, prefix + "q");
        String k = n.linear(context, prefix + "k");
        if (c.qkNorm()) {
            q = n.rmsNorm(q, c.dim(), c.eps(), prefix + "norm_q");
            k = n.rmsNorm(k, c.dim(), c.eps(), prefix + "norm_k");
        }
        String v = n.linear(context, prefix + "v");
        String out = Layers.attention(g, g.unsqueeze(q, 0), g.unsqueeze(k, 0), g.unsqueeze(v, 0), c.heads(),
                c.headDim(), (float) (1 / Math.sqrt(c.headDim())), null, null);
        return n.linear(g.squeeze(out, 0), prefix + "o");
    }
}
