package scope.pipeline.wan.convert;

import scope.graph.DataType;
import scope.graph.GraphBuilder;

/**
 * Which keys a call's self-attention sees, and their additive score bias, over [cached tokens, own tokens] (plus,
 * with Krea's rule, one zero key):
 * <ul>
 * <li>a cached token is masked out when its slot's {@code cache_positions} entry is negative;</li>
 * <li>Krea ({@code kv_cache_attention_bias} b): cached tokens after the first slot's (the context frames but its
 * first) get {@code log b}; and when b != 1 upstream pads q, k and v with zeros to a multiple of 128 tokens and
 * attends to the padding unmasked, so {@code P - kv_len} zero keys (score 0, value 0) join the softmax,
 * P = ceil(kv_len / 128) * 128 over the kv_len keys attended. That is one zero key with score bias
 * {@code log(P - kv_len)}, masked when b == 1 or nothing is padded (krea_dit/README.md).</li>
 * </ul>
 */
final class CacheKeys {
    /** Upstream's flex-attention length alignment. */
    static final long ALIGNMENT = 128;

    final String mask;
    final String bias;
    final boolean zeroKey;

    /**
     * @param frameTokens 1-d int64 tokens per frame
     * @param ownTokens   1-d int64 tokens of this call
     * @param attentionBias Krea's scalar input, or null for LongLive's rule
     */
    CacheKeys(GraphBuilder g, String cachePositions, String frameTokens, String ownTokens, String attentionBias) {
        String attended = g.not(g.less(cachePositions, g.longs(0)));
        String slots = g.shape(cachePositions);
        String cachedMask = perToken(g, attended, slots, frameTokens);
        String ownMask = g.expand(g.bools(new boolean[] {true}, 1), ownTokens);
        if (attentionBias == null) {
            mask = g.unsqueeze(g.concat(0, cachedMask, ownMask), 0);
            bias = null;
            zeroKey = false;
            return;
        }
        zeroKey = true;
        String b = attentionBias;
        String logB = g.op("Log", java.util.List.of(b));
        // slot 0 holds the context's first frame: no bias there
        String slotIndex = g.op("Range", java.util.List.of(g.int64(new long[] {0}), g.squeeze(slots, 0),
                g.int64(new long[] {1})));
        String perSlot = g.where(g.less(slotIndex, g.longs(1)), g.scalar32(0f), logB);
        String cachedBias = perToken(g, perSlot, slots, frameTokens);
        String ownBias = g.expand(g.scalar32(0f), ownTokens);
        String kvLen = g.add(g.reduceSum(g.cast(cachedMask, DataType.INT64), false, 0), g.squeeze(ownTokens, 0));
        String padded = g.mul(g.div(g.add(kvLen, g.int64(new long[] {ALIGNMENT - 1})),
                g.int64(new long[] {ALIGNMENT})), g.int64(new long[] {ALIGNMENT}));
        String zeros = g.sub(padded, kvLen);
        String zeroOn = g.and(g.greater(zeros, g.int64(new long[] {0})), g.not(g.equal(b, g.scalar32(1f))));
        String count = g.cast(g.max(zeros, g.int64(new long[] {1})), DataType.FLOAT);
        String zeroBias = g.op("Log", java.util.List.of(count));
        mask = g.unsqueeze(g.concat(0, cachedMask, ownMask, g.reshape(zeroOn, 1)), 0);
        String all = g.concat(0, cachedBias, ownBias, g.reshape(zeroBias, 1));
        bias = g.toCompute(g.reshape(all, 1, 1, 1, -1));
    }

    /** A per-slot value repeated for each of the slot's tokens: [slots] -> [slots * frameTokens]. */
    private static String perToken(GraphBuilder g, String perSlot, String slots, String frameTokens) {
        return g.reshape(g.expand(g.reshape(perSlot, -1, 1), g.concat(0, slots, frameTokens)), -1);
    }
}
