package scope.pipeline.wan.convert;

import java.util.Map;

/**
 * One block's self-attention against the KV cache: queries and keys RMS-normed and rotated, the new tokens attend
 * to the cached tokens the host marked attended plus themselves (no causal mask inside the call), and the call's
 * own rotated keys and values come out for the host to store ({@code kv_cache_out.<l>} [2, L, dim]).
 */
final class CachedSelfAttention {
    private CachedSelfAttention() {
    }

    /**
     * @param y         modulated input [L, dim]
     * @param cacheIn   this layer's {@code kv_cache_in.<l>} [2, CACHE_TOKENS, dim]
     * @param keyBias   additive logit bias over [CACHE_TOKENS + L] keys (0 attended, -inf not)
     * @param kvOut     the name of this layer's {@code kv_cache_out.<l>}
     * @return the attention output after the output projection, [L, dim]
     */
    static String build(Nodes n, DitConfig c, String prefix, String y, RotaryEmbedding rope, String cacheIn,
            String keyBias, String kvOut) {
        String q = n.linear(y, prefix + "q");
        String k = n.linear(y, prefix + "k");
        if (c.qkNorm()) {
            q = n.rmsNorm(q, c.eps(), prefix + "norm_q");
            k = n.rmsNorm(k, c.eps(), prefix + "norm_k");
        }
        String v = n.linear(y, prefix + "v");
        q = rope.apply(q);
        k = rope.apply(k);
        String zero = n.g.longs(0);
        n.g.node("Concat", new String[] {unsqueeze(n, k), unsqueeze(n, v)}, kvOut, Map.of("axis", 0L));
        String cachedK = n.g.node("Gather", new String[] {cacheIn, zero}, null, Map.of("axis", 0L));
        String cachedV = n.g.node("Gather", new String[] {cacheIn, n.g.longs(1)}, null, Map.of("axis", 0L));
        // [1, CACHE_TOKENS, dim] -> [CACHE_TOKENS, dim]
        cachedK = n.reshape(cachedK, n.g.longs(-1, c.dim()));
        cachedV = n.reshape(cachedV, n.g.longs(-1, c.dim()));
        String keys = n.concat(0, cachedK, k);
        String values = n.concat(0, cachedV, v);
        String out = n.attention(heads(n, c, q), heads(n, c, keys), heads(n, c, values), keyBias, c.headDim());
        return n.linear(tokens(n, c, out), prefix + "o");
    }

    private static String unsqueeze(Nodes n, String x) {
        return n.g.node("Unsqueeze", new String[] {x, n.g.longs(0)}, null, Map.of());
    }

    /** [len, dim] -> [heads, len, headDim]. */
    static String heads(Nodes n, DitConfig c, String x) {
        return n.transpose(n.reshape(x, n.g.longs(-1, c.heads(), c.headDim())), 1, 0, 2);
    }

    /** [heads, len, headDim] -> [len, dim]. */
    static String tokens(Nodes n, DitConfig c, String x) {
        return n.reshape(n.transpose(x, 1, 0, 2), n.g.longs(-1, c.dim()));
    }
}
