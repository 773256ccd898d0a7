package scope.pipeline.wan.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import scope.graph.DataType;
import scope.graph.GraphBuilder;
import scope.graph.Layers;
import scope.graph.ModelWriter;
import scope.graph.Precision;
import scope.pipeline.wan.WanContract;

/**
 * Converts the UMT5 encoder's state dict (Scope's {@code models_t5_umt5-xxl-enc-bf16.pth}, or the same keys in
 * {@code umt5-xxl-enc-*.safetensors}) into {@code text_encoder.onnx} of the model contract: {@code input_ids}
 * and {@code attention_mask} int64 [B,512] -> {@code prompt_embeds} float [B,512,DIM], rows from each prompt's
 * length on zeroed.
 *
 * <p>The math is Wan's T5 encoder: token embedding; per block {@code x += o(attn(norm1(x)))} with unscaled
 * attention, a relative position bias from the block's own bucket embedding and masked keys at float32's lowest
 * value, then {@code x += fc2(fc1(h) * gelu_tanh(gate(h)))} with {@code h = norm2(x)}; a final norm. Norms are
 * T5's RMS norm (eps 1e-6, no mean, no bias). The relative-position bucket of every (query, key) pair depends
 * only on the sequence length, so it is computed here and baked into the graph as one [512,512] index tensor
 * that every block gathers its bias through (sliced to the input's length L, which may be below 512).
 *
 * <p>Sizes (vocabulary, width, attention width, FFN width, heads, layers, buckets, shared or per-block position
 * embedding) come from the tensors' shapes. Only {@code maxDistance} (128 in Wan's {@code T5RelativeEmbedding})
 * is not in the state dict.
 */
public final class Umt5EncoderConverter {
    /** Bumped when the graph this writes changes (conversion caches key on it). */
    public static final int VERSION = 1;
    /** T5RelativeEmbedding's default max_dist, which Wan's encoder uses. */
    public static final int MAX_DISTANCE = 128;
    private static final float NORM_EPS = 1e-6f;
    /** Wan's fp16_clamp bound: largest half minus 1000. */
    private static final float FP16_CLAMP = 65504f - 1000f;

    /** The encoder's sizes, as found in a state dict. */
    public record Config(long vocab, long dim, long dimAttn, long dimFfn, long heads, int layers, int buckets,
            boolean sharedPosition) {
    }

    private Umt5EncoderConverter() {
    }

    /** Reads the sizes from the tensors' shapes and checks every key the encoder has, and no other. */
    public static Config inspect(Weights w) {
        require(w, "token_embedding.weight");
        long[] embedding = w.shape("token_embedding.weight", 2);
        long vocab = embedding[0];
        long dim = embedding[1];
        int layers = 0;
        while (w.names().contains("blocks." + layers + ".attn.q.weight")) {
            layers++;
        }
        if (layers == 0) {
            throw new ConversionException(w.source(), "blocks.0.attn.q.weight", "missing (no encoder blocks)");
        }
        boolean shared = w.names().contains("pos_embedding.embedding.weight");
        String posKey = shared ? "pos_embedding.embedding.weight" : "blocks.0.pos_embedding.embedding.weight";
        require(w, posKey);
        long[] pos = w.shape(posKey, 2);
        long buckets = pos[0];
        long heads = pos[1];
        long dimAttn = w.shape("blocks.0.attn.q.weight", 2)[0];
        require(w, "blocks.0.ffn.fc1.weight");
        long dimFfn = w.shape("blocks.0.ffn.fc1.weight", 2)[0];
        if (heads <= 0 || dimAttn % heads != 0) {
            throw new ConversionException(w.source(), "blocks.0.attn.q.weight", "attention width " + dimAttn
                    + " is not a multiple of the " + heads + " heads of " + posKey);
        }
        if (buckets < 4 || buckets % 2 != 0) {
            throw new ConversionException(w.source(), posKey, buckets + " buckets, expected an even number >= 4");
        }
        Set<String> expected = new HashSet<>();
        expected.add("token_embedding.weight");
        expected.add("norm.weight");
        if (shared) {
            expected.add(posKey);
        }
        for (int i = 0; i < layers; i++) {
            String b = "blocks." + i + ".";
            expect(w, expected, b + "norm1.weight", dim);
            expect(w, expected, b + "norm2.weight", dim);
            expect(w, expected, b + "attn.q.weight", dimAttn, dim);
            expect(w, expected, b + "attn.k.weight", dimAttn, dim);
            expect(w, expected, b + "attn.v.weight", dimAttn, dim);
            expect(w, expected, b + "attn.o.weight", dim, dimAttn);
            expect(w, expected, b + "ffn.gate.0.weight", dimFfn, dim);
            expect(w, expected, b + "ffn.fc1.weight", dimFfn, dim);
            expect(w, expected, b + "ffn.fc2.weight", dim, dimFfn);
            if (!shared) {
                expect(w, expected, b + "pos_embedding.embedding.weight", buckets, heads);
            }
        }
        expect(w, expected, "norm.weight", dim);
        TreeSet<String> unexpected = new TreeSet<>(w.names());
        unexpected.removeAll(expected);
        if (!unexpected.isEmpty()) {
            throw new ConversionException(w.source(), unexpected.first(), "not part of a UMT5 encoder with "
                    + layers + " blocks (unexpected keys: " + unexpected + ")");
        }
        return new Config(vocab, dim, dimAttn, dimFfn, heads, layers, (int) buckets, shared);
    }

    /** Writes {@code text_encoder.onnx} (and its external data where needed) to {@code file}. */
    public static ModelWriter.Written convert(Weights w, Path file, Precision precision,
            ModelWriter.Placement placement) throws IOException {
        Config c = inspect(w);
        int length = WanContract.TEXT_TOKENS;
        GraphBuilder g = new GraphBuilder("umt5_encoder", precision);
        // the sequence length L is left dynamic (at most 512; the tokenizer always gives 512) so that the position
        // biases depend on an input: ONNX Runtime would otherwise fold each block's [1,H,512,512] bias into a
        // constant at load (64 MB per block at FP32 for UMT5-XXL)
        String ids = g.input("input_ids", DataType.INT64, "B", "L");
        String mask = g.input("attention_mask", DataType.INT64, "B", "L");
        String sequence = g.slice(g.shape(ids), new long[] {1}, new long[] {2}, new long[] {0});

        String keep = g.not(g.equal(mask, g.int64(new long[] {0})));
        String buckets = g.op("Slice", List.of(
                g.int64(bucketTable(length, c.buckets(), MAX_DISTANCE), length, length),
                g.longs(0, 0), g.concat(0, sequence, sequence), g.longs(0, 1)));
        String sharedBias = c.sharedPosition() ? positionBias(g, w, "pos_embedding.embedding.weight", buckets, c)
                : null;

        String x = g.gather(g.weight("token_embedding.weight", w.data("token_embedding.weight"), c.vocab(), c.dim()),
                ids, 0);
        long headDim = c.dimAttn() / c.heads();
        for (int i = 0; i < c.layers(); i++) {
            String b = "blocks." + i + ".";
            String bias = c.sharedPosition() ? sharedBias
                    : positionBias(g, w, b + "pos_embedding.embedding.weight", buckets, c);
            String h = Layers.rmsNorm(g, x, weight(g, w, b + "norm1.weight", c.dim()), NORM_EPS);
            String q = Layers.linear(g, h, b + "attn.q", w.data(b + "attn.q.weight"), c.dimAttn(), c.dim(), null);
            String k = Layers.linear(g, h, b + "attn.k", w.data(b + "attn.k.weight"), c.dimAttn(), c.dim(), null);
            String v = Layers.linear(g, h, b + "attn.v", w.data(b + "attn.v.weight"), c.dimAttn(), c.dim(), null);
            String attended = Layers.attention(g, q, k, v, c.heads(), headDim, null, bias, keep);
            x = clamp(g, g.add(x, Layers.linear(g, attended, b + "attn.o", w.data(b + "attn.o.weight"), c.dim(),
                    c.dimAttn(), null)));

            String h2 = Layers.rmsNorm(g, x, weight(g, w, b + "norm2.weight", c.dim()), NORM_EPS);
            String gate = Layers.geluTanh(g, Layers.linear(g, h2, b + "ffn.gate.0", w.data(b + "ffn.gate.0.weight"),
                    c.dimFfn(), c.dim(), null));
            String up = Layers.linear(g, h2, b + "ffn.fc1", w.data(b + "ffn.fc1.weight"), c.dimFfn(), c.dim(), null);
            x = clamp(g, g.add(x, Layers.linear(g, g.mul(up, gate), b + "ffn.fc2", w.data(b + "ffn.fc2.weight"),
                    c.dim(), c.dimFfn(), null)));
        }
        x = Layers.rmsNorm(g, x, weight(g, w, "norm.weight", c.dim()), NORM_EPS);

        // Wan's wrapper zeroes each prompt's rows from its length (the count of mask > 0) on
        String lengths = g.reduceSum(g.cast(g.greater(mask, g.int64(new long[] {0})), DataType.INT64), true, 1);
        long[] positions = new long[length];
        for (int i = 0; i < length; i++) {
            positions[i] = i;
        }
        String firstPositions = g.op("Slice", List.of(g.int64(positions, 1, length), g.longs(0), sequence,
                g.longs(1)));
        String withinPrompt = g.unsqueeze(g.less(firstPositions, lengths), 2);
        String zeroed = g.where(withinPrompt, x, g.scalar(0f));
        g.output(g.toFloat(zeroed), "prompt_embeds", DataType.FLOAT, "B", "L", c.dim());
        return ModelWriter.write(g, file, placement);
    }

    /**
     * T5's bidirectional relative-position bucket of key j seen from query i, for all pairs of a sequence: half
     * the buckets for keys after the query; within a half, exact distances below a quarter of the buckets, then
     * logarithmic up to {@code maxDistance}. Float32 arithmetic and truncation as PyTorch computes it.
     */
    public static long[] bucketTable(int length, int buckets, int maxDistance) {
        int half = buckets / 2;
        int maxExact = half / 2;
        float logRange = (float) Math.log((double) maxDistance / maxExact);
        long[] table = new long[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                int rel = j - i;
                long bucket = rel > 0 ? half : 0;
                int distance = Math.abs(rel);
                if (distance < maxExact) {
                    bucket += distance;
                } else {
                    float scaled = (float) Math.log((float) distance / maxExact) / logRange * (half - maxExact);
                    bucket += Math.min(maxExact + (long) scaled, half - 1);
                }
                table[i * length + j] = bucket;
            }
        }
        return table;
    }

    /** [1, H, L, L]: the bucket embedding gathered through the table. */
    private static String positionBias(GraphBuilder g, Weights w, String key, String buckets, Config c) {
        String embedding = g.weight(key, w.data(key), c.buckets(), c.heads());
        return g.unsqueeze(g.transpose(g.gather(embedding, buckets, 0), 2, 0, 1), 0);
    }

    private static String weight(GraphBuilder g, Weights w, String key, long dim) {
        return g.weight(key, w.data(key), dim);
    }

    /** Wan clamps the residual stream at fp16 so that it stays finite; other precisions need no clamp. */
    private static String clamp(GraphBuilder g, String x) {
        return g.precision() == Precision.FP16 ? g.clip(x, g.scalar(-FP16_CLAMP), g.scalar(FP16_CLAMP)) : x;
    }

    private static void require(Weights w, String key) {
        if (!w.names().contains(key)) {
            throw new ConversionException(w.source(), key, "missing (not a UMT5 encoder state dict?)");
        }
    }

    private static void expect(Weights w, Set<String> expected, String key, long... shape) {
        require(w, key);
        w.expect(key, shape);
        expected.add(key);
    }
}
