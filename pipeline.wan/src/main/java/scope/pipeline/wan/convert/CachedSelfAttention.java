package scope.pipeline.wan.convert;

import scope.graph.Layers;

/**
 * One block's self-attention against the KV cache: queries and keys RMS-normed and rotated, the new tokens attend
 * to the cached tokens the host marked attended plus themselves (no causal mask inside the call), and the call's
 * own rotated keys and values come out for the host to store ({@code kv_cache_out.<l>} [2, L, dim]).
 */
final class CachedSelfAttention {
    private CachedSelfAttention() {
    }

    /**
     * @param y        modulated input [L, dim]
     * @param cacheIn  this layer's {@code kv_cache_in.<l>} [2, CACHE_TOKENS, dim], in the compute type
     * @param keys     which keys are attended and their score bias (LongLive's or Krea's rule)
     * @return the attention output after the output projection [L, dim], and this call's keys and values
     *         [2, L, dim]
     */
    static String[] build(Nodes n, DitConfig c, String prefix, String y, RotaryEmbedding rope, String cacheIn,
            CacheKeys keys) {
        var g = n.g;
        String q = n.linear(y, prefix + "q");
        String k = n.linear(y, prefix + "k");
        if (c.qkNorm()) {
            q = n.rmsNorm(q, c.dim(), c.eps(), prefix + "norm_q");
            k = n.rmsNorm(k, c.dim(), c.eps(), prefix + "norm_k");
        }
        String v = n.linear(y, prefix + "v");
        q = rope.apply(q);
        k = rope.apply(k);
        String own = g.concat(0, g.unsqueeze(k, 0), g.unsqueeze(v, 0));
        String cachedK = g.gather(cacheIn, g.longs(0), 0);
        String cachedV = g.gather(cacheIn, g.longs(1), 0);
        // [1, CACHE_TOKENS, dim] each: the cached tokens first, then this call's (then Krea's zero key)
        String allK = g.concat(1, cachedK, g.unsqueeze(k, 0));
        String allV = g.concat(1, cachedV, g.unsqueeze(v, 0));
        if (keys.zeroKey) {
            String zero = g.weight(new float[c.dim()], 1, 1, c.dim());
            allK = g.concat(1, allK, zero);
            allV = g.concat(1, allV, zero);
        }
        String out = Layers.attention(g, g.unsqueeze(q, 0), allK, allV, c.heads(), c.headDim(),
                (float) (1 / Math.sqrt(c.headDim())), keys.bias, keys.mask);
        return new String[] {n.linear(g.squeeze(out, 0), prefix + "o"), own};
    }
}
