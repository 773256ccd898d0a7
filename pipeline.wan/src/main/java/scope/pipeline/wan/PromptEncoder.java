package scope.pipeline.wan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns prompt texts into embeddings {@code [512, TEXT_DIM]} with the UMT5 encoder graph. Embeddings are cached by
 * text, so only new texts reach the encoder; texts not yet cached are encoded in one batch.
 */
public final class PromptEncoder {
    private static final int MAX_CACHED = 64;

    private final Graph encoder;
    private final UnigramTokenizer tokenizer;
    private final Map<String, float[]> cache = new HashMap<>();
    private int encodedTexts;

    public PromptEncoder(Graph encoder, UnigramTokenizer tokenizer) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
    }

    public List<float[]> encode(List<String> texts) throws Exception {
        List<String> missing = texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
        if (!missing.isEmpty()) {
            int tokens = WanContract.TEXT_TOKENS;
            long[] ids = new long[missing.size() * tokens];
            long[] mask = new long[ids.length];
            long[] rowMask = new long[tokens];
            for (int b = 0; b < missing.size(); b++) {
                System.arraycopy(tokenizer.encodePadded(missing.get(b), tokens, rowMask), 0, ids, b * tokens, tokens);
                System.arraycopy(rowMask, 0, mask, b * tokens, tokens);
            }
            float[] embeds = embed(ids, mask, missing.size());
            int per = embeds.length / missing.size();
            if (cache.size() + missing.size() > MAX_CACHED) {
                cache.clear();
            }
            for (int b = 0; b < missing.size(); b++) {
                float[] e = new float[per];
                System.arraycopy(embeds, b * per, e, 0, per);
                cache.put(missing.get(b), e);
            }
            encodedTexts += missing.size();
        }
        List<float[]> result = new ArrayList<>(texts.size());
        for (String t : texts) {
            result.add(cache.get(t));
        }
        return result;
    }

    /**
     * Runs the encoder graph on token ids and their attention mask, {@code [batch, 512]} each (what the tokenizer
     * gives), and returns {@code prompt_embeds} {@code [batch, 512, TEXT_DIM]}, not cached.
     */
    public float[] embed(long[] ids, long[] mask, int batch) throws Exception {
        int tokens = WanContract.TEXT_TOKENS;
        return encoder.run(Map.of(
                "input_ids", HostTensor.longs(ids, batch, tokens),
                "attention_mask", HostTensor.longs(mask, batch, tokens))).get("prompt_embeds").floatData();
    }

    /** How many texts went through the encoder graph (cache misses). */
    public int encodedTexts() {
        return encodedTexts;
    }
}
