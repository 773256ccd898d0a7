package scope.pipeline.wan.convert;

/**
 * One block's text cross-attention: queries from the tokens, keys and values from the embedded prompt (all 512
 * positions, no padding mask, as upstream), RMS norms on queries and keys.
 */
final class CrossAttention {
    private CrossAttention() {
    }

    /** @return [L, dim] after the output projection */
    static String build(Nodes n, DitConfig c, String prefix, String x, String context) {
        String q = n.linear(x, prefix + "q");
        String k = n.linear(context, prefix + "k");
        if (c.qkNorm()) {
            q = n.rmsNorm(q, c.eps(), prefix + "norm_q");
            k = n.rmsNorm(k, c.eps(), prefix + "norm_k");
        }
        String v = n.linear(context, prefix + "v");
        String out = n.attention(CachedSelfAttention.heads(n, c, q), CachedSelfAttention.heads(n, c, k),
                CachedSelfAttention.heads(n, c, v), null, c.headDim());
        return n.linear(CachedSelfAttention.tokens(n, c, out), prefix + "o");
    }
}
