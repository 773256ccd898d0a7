package scope.pipeline.wan;

/**
 * How a Wan-family model keeps its history (spec 7.4 steps 4, 7, 9).
 *
 * @param cacheFrames        latent frames the self-attention cache holds
 * @param sinkFrames         of those, the stream's first frames kept for good
 * @param attentionFrames    frames one call attends to at most, its own included (Scope's local attention size,
 *                           LongLive 12; Krea 6 = 3 context + 3 new): older ring frames are left out
 * @param cleanCachePass     after denoising, run the clean block at timestep 0 to write the cache (LongLive)
 * @param recacheOnChange    on a prompt change, recompute the cache from recent clean frames (LongLive)
 * @param contextFrames      recompute the cache at the start of every block from the first frame plus the last
 *                           {@code contextFrames - 1} frames; 0 = never (Krea: 3)
 * @param attentionBias      the DiT takes {@code kv_cache_attention_bias} (Krea)
 * @param temporalMethod     default temporal interpolation of transitions
 */
public record WanVariant(int cacheFrames, int sinkFrames, int attentionFrames, boolean cleanCachePass, boolean recacheOnChange,
        int contextFrames, boolean attentionBias, String temporalMethod) {

    /** LongLive 1.3B: local attention 12 frames, 3 sink frames, clean cache pass, recache on prompt change. */
    public static final WanVariant LONGLIVE = new WanVariant(12, 3, 12, true, true, 0, false, "slerp");

    /** Krea Realtime Video 14B: cache of 3 context frames rebuilt per block, attention bias on cached frames. */
    public static final WanVariant KREA = new WanVariant(3, 0, 6, false, false, 3, true, "linear");

    public GraphContract ditContract(int layers) {
        return WanContract.dit(layers, attentionBias);
    }
}
