package scope.pipeline.wan.convert;

import java.util.ArrayList;
import java.util.List;

/**
 * The sizes of a Wan-family causal DiT, read from its state dict's tensor shapes; only the head count and the norm
 * epsilon, which no shape shows, come from the model's config.json.
 *
 * @param dim         hidden width ({@code patch_embedding.weight} [dim, in, pt, ph, pw])
 * @param heads       attention heads (config {@code num_heads})
 * @param layers      transformer blocks ({@code blocks.<n>.})
 * @param ffnDim      feed-forward width ({@code blocks.0.ffn.0.weight} [ffn, dim])
 * @param freqDim     sinusoidal time-embedding width ({@code time_embedding.0.weight} [dim, freq])
 * @param textDim     text-encoder width ({@code text_embedding.0.weight} [dim, text])
 * @param inDim       latent channels in
 * @param outDim      latent channels out ({@code head.head.weight} [pt*ph*pw*out, dim])
 * @param patch       patch size (t, h, w)
 * @param eps         norm epsilon (config {@code eps})
 * @param qkNorm      RMS norms on queries and keys ({@code norm_q} present)
 * @param crossAttnNorm affine layer norm before cross-attention ({@code norm3} present)
 */
public record DitConfig(int dim, int heads, int layers, int ffnDim, int freqDim, int textDim, int inDim, int outDim,
        int[] patch, double eps, boolean qkNorm, boolean crossAttnNorm) {

    public int headDim() {
        return dim / heads;
    }

    /** Reads the sizes from the weights' shapes. */
    public static DitConfig derive(Weights w, int heads, double eps) {
        long[] patchShape = w.shape("patch_embedding.weight", 5);
        int dim = (int) patchShape[0];
        int inDim = (int) patchShape[1];
        int[] patch = {(int) patchShape[2], (int) patchShape[3], (int) patchShape[4]};
        int layers = 0;
        while (w.names().contains("blocks." + layers + ".self_attn.q.weight")) {
            layers++;
        }
        if (layers == 0) {
            throw new ConversionException(w.source(), "blocks.0.self_attn.q.weight", "no transformer blocks");
        }
        if (heads <= 0 || dim % heads != 0 || (dim / heads) % 2 != 0) {
            throw new ConversionException(w.source(), "num_heads",
                    heads + " heads do not split width " + dim + " into even head sizes");
        }
        int ffn = (int) w.shape("blocks.0.ffn.0.weight", 2)[0];
        int freq = (int) w.shape("time_embedding.0.weight", 2)[1];
        int text = (int) w.shape("text_embedding.0.weight", 2)[1];
        int headOut = (int) w.shape("head.head.weight", 2)[0];
        int patchVolume = patch[0] * patch[1] * patch[2];
        if (headOut % patchVolume != 0) {
            throw new ConversionException(w.source(), "head.head.weight",
                    "output width " + headOut + " is not a multiple of the patch volume " + patchVolume);
        }
        DitConfig c = new DitConfig(dim, heads, layers, ffn, freq, text, inDim, headOut / patchVolume, patch, eps,
                w.names().contains("blocks.0.self_attn.norm_q.weight"), w.names().contains("blocks.0.norm3.weight"));
        c.checkShapes(w);
        return c;
    }

    /** Every tensor the graph reads, with the shape this config implies; a mismatch names the key. */
    private void checkShapes(Weights w) {
        List<Object[]> expected = new ArrayList<>();
        expected.add(new Object[] {"patch_embedding.bias", new long[] {dim}});
        expected.add(new Object[] {"text_embedding.0.bias", new long[] {dim}});
        expected.add(new Object[] {"text_embedding.2.weight", new long[] {dim, dim}});
        expected.add(new Object[] {"text_embedding.2.bias", new long[] {dim}});
        expected.add(new Object[] {"time_embedding.0.bias", new long[] {dim}});
        expected.add(new Object[] {"time_embedding.2.weight", new long[] {dim, dim}});
        expected.add(new Object[] {"time_embedding.2.bias", new long[] {dim}});
        expected.add(new Object[] {"time_projection.1.weight", new long[] {6L * dim, dim}});
        expected.add(new Object[] {"time_projection.1.bias", new long[] {6L * dim}});
        expected.add(new Object[] {"head.head.bias", new long[] {(long) outDim * patch[0] * patch[1] * patch[2]}});
        expected.add(new Object[] {"head.modulation", new long[] {1, 2, dim}});
        for (int l = 0; l < layers; l++) {
            String b = "blocks." + l + ".";
            for (String attn : new String[] {"self_attn.", "cross_attn."}) {
                for (String p : new String[] {"q", "k", "v", "o"}) {
                    expected.add(new Object[] {b + attn + p + ".weight", new long[] {dim, dim}});
                    expected.add(new Object[] {b + attn + p + ".bias", new long[] {dim}});
                }
                if (qkNorm) {
                    expected.add(new Object[] {b + attn + "norm_q.weight", new long[] {dim}});
                    expected.add(new Object[] {b + attn + "norm_k.weight", new long[] {dim}});
                }
            }
            if (crossAttnNorm) {
                expected.add(new Object[] {b + "norm3.weight", new long[] {dim}});
                expected.add(new Object[] {b + "norm3.bias", new long[] {dim}});
            }
            expected.add(new Object[] {b + "ffn.0.weight", new long[] {ffnDim, dim}});
            expected.add(new Object[] {b + "ffn.0.bias", new long[] {ffnDim}});
            expected.add(new Object[] {b + "ffn.2.weight", new long[] {dim, ffnDim}});
            expected.add(new Object[] {b + "ffn.2.bias", new long[] {dim}});
            expected.add(new Object[] {b + "modulation", new long[] {1, 6, dim}});
        }
        for (Object[] e : expected) {
            w.expect((String) e[0], (long[]) e[1]);
        }
    }
}
