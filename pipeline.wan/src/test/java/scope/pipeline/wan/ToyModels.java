package scope.pipeline.wan;

import static scope.pipeline.wan.OnnxBuilder.FLOAT;
import static scope.pipeline.wan.OnnxBuilder.INT64;
import static scope.pipeline.wan.OnnxBuilder.UINT8;
import static scope.pipeline.wan.OnnxBuilder.intAttr;
import static scope.pipeline.wan.OnnxBuilder.ints;
import static scope.pipeline.wan.OnnxBuilder.stringAttr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes toy graphs with the contract's names and shapes (small widths, any resolution divisible by 16) and a
 * toy tokenizer. The toy DiT's output depends on the latents, the prompt embedding, the cache and the timestep,
 * so tests can see each of them act.
 */
public final class ToyModels {
    public static final int TEXT_DIM = 8;
    public static final int LAYERS = 2;
    public static final int KV_DIM = 8;

    private ToyModels() {
    }

    /** Writes tokenizer, text encoder and VAE graphs into {@code sharedDir}, the DiT into {@code ditDir}. */
    public static void write(Path sharedDir, Path ditDir, boolean attentionBias) throws IOException {
        write(sharedDir, ditDir, attentionBias, TEXT_DIM);
    }

    /** As above with another text-encoder width (4096 is UMT5-XXL's). */
    public static void write(Path sharedDir, Path ditDir, boolean attentionBias, int textDim) throws IOException {
        write(sharedDir, ditDir, attentionBias, textDim, List.of());
    }

    /**
     * As above, the VAE graphs carrying further states of the given fixed shapes ({@code state_in.1}...), each
     * passed through with a small change per call, so that the amount of carried state can be made that of the real
     * VAE's caches (see {@link #wanDecoderStates}).
     */
    public static void write(Path sharedDir, Path ditDir, boolean attentionBias, int textDim,
            List<long[]> extraStates) throws IOException {
        ToySentencePiece.write(sharedDir.resolve(WanContract.TOKENIZER), false);
        textEncoder(ToySentencePiece.pieces().size(), textDim).write(sharedDir.resolve("text_encoder.onnx"));
        dit(attentionBias, textDim).write(ditDir.resolve("dit.onnx"));
        vaeDecoder(extraStates).write(sharedDir.resolve("vae_decoder.onnx"));
        vaeEncoder(extraStates).write(sharedDir.resolve("vae_encoder.onnx"));
    }

    /**
     * Three of the real Wan 2.1 VAE decoder's causal-conv caches at this resolution (each holds the last 2 frames
     * of a conv's input): 384 channels at H/8 and at H/4, 192 at H/2 - about 115 MB at 320x576, where the real
     * decoder carries about 30 such caches (several hundred MB).
     */
    public static List<long[]> wanDecoderStates(int height, int width) {
        return List.of(new long[] {1, 384, 2, height / 8, width / 8}, new long[] {1, 384, 2, height / 4, width / 4},
                new long[] {1, 192, 2, height / 2, width / 2});
    }

    /** Each extra state comes out as itself plus a small amount of the latents' mean (a new value every call). */
    private static void passStates(OnnxBuilder b, List<long[]> extraStates, String latents) {
        String nudge = b.op("Mul", b.node("ReduceMean", new String[] {latents}, null, intAttr("keepdims", 0)),
                b.scalar(0.001f));
        for (int k = 0; k < extraStates.size(); k++) {
            Object[] dims = java.util.Arrays.stream(extraStates.get(k)).boxed().toArray();
            b.input(WanContract.STATE_IN + (k + 1), FLOAT, dims).output(WanContract.STATE_OUT + (k + 1), FLOAT, dims);
            b.node("Add", new String[] {WanContract.STATE_IN + (k + 1), nudge}, WanContract.STATE_OUT + (k + 1));
        }
    }

    public static OnnxBuilder textEncoder(int vocab, int textDim) {
        OnnxBuilder b = new OnnxBuilder()
                .input("input_ids", INT64, "B", 512).input("attention_mask", INT64, "B", 512)
                .output("prompt_embeds", FLOAT, "B", 512, textDim);
        String table = b.randomWeights(1, vocab, textDim);
        String gathered = b.node("Gather", new String[] {table, "input_ids"}, null, intAttr("axis", 0));
        String mask = b.node("Cast", new String[] {"attention_mask"}, null, intAttr("to", FLOAT));
        String mask3 = b.op("Unsqueeze", mask, b.longs(2));
        b.node("Mul", new String[] {gathered, mask3}, "prompt_embeds");
        return b;
    }

    public static OnnxBuilder dit(boolean attentionBias, int textDim) {
        OnnxBuilder b = new OnnxBuilder()
                .input("latents", FLOAT, 1, 16, "F", "H8", "W8")
                .input("timestep", FLOAT, 1)
                .input("prompt_embeds", FLOAT, 1, 512, textDim);
        for (int l = 0; l < LAYERS; l++) {
            b.input(WanContract.KV_CACHE_IN + l, FLOAT, 2, "CACHE_TOKENS", KV_DIM);
        }
        b.input("cache_positions", INT64, "CACHE_FRAMES")
                .input("positions", INT64, "F");
        if (attentionBias) {
            b.input("kv_cache_attention_bias", FLOAT, 1);
        }
        b.output("flow_pred", FLOAT, 1, 16, "F", "H8", "W8");
        for (int l = 0; l < LAYERS; l++) {
            b.output(WanContract.KV_CACHE_OUT + l, FLOAT, 2, "BLOCK_TOKENS", KV_DIM);
        }
        // prompt: mean over tokens, projected to the 16 latent channels
        String e = b.node("ReduceMean", new String[] {"prompt_embeds"}, null, ints("axes", 1), intAttr("keepdims", 0));
        String econd = b.op("Reshape", b.op("MatMul", e, b.randomWeights(2, textDim, 16)), b.longs(1, 16, 1, 1, 1));
        // cache: the mean of the attended slots (cache_positions >= 0) nudges the prediction, so a different cache
        // or a different choice of attended slots gives a different output
        String attended = b.node("Cast", new String[] {b.op("GreaterOrEqual", "cache_positions", b.longs(0))}, null,
                intAttr("to", FLOAT));
        String slots = b.node("Concat", new String[] {b.longs(2), b.op("Shape", "cache_positions"), b.longs(-1)}, null,
                intAttr("axis", 0));
        String perSlot = b.node("ReduceMean", new String[] {b.op("Reshape", WanContract.KV_CACHE_IN + 0, slots)}, null,
                ints("axes", 0, 2), intAttr("keepdims", 0));
        String cmean = b.op("Div", b.node("ReduceSum", new String[] {b.op("Mul", perSlot, attended)}, null,
                intAttr("keepdims", 0)), b.op("Max", b.node("ReduceSum", new String[] {attended}, null,
                intAttr("keepdims", 0)), b.scalar(1f)));
        String flow = b.op("Add", b.op("Mul", "latents", b.scalar(0.5f)), econd);
        flow = b.op("Add", flow, b.op("Mul", cmean, b.scalar(0.1f)));
        flow = b.op("Add", flow, b.op("Mul", "timestep", b.scalar(0.001f)));
        if (attentionBias) {
            flow = b.op("Add", flow, b.op("Mul", "kv_cache_attention_bias", b.scalar(0.01f)));
        }
        b.node("Identity", new String[] {flow}, "flow_pred");
        // keys/values: 2x2 patches of the latents projected to KV_DIM, plus the prompt, a little different per layer
        String pooled = b.node("AveragePool", new String[] {"latents"}, null, ints("kernel_shape", 1, 2, 2),
                ints("strides", 1, 2, 2));
        String tokens = b.op("Reshape", b.node("Transpose", new String[] {pooled}, null, ints("perm", 0, 2, 3, 4, 1)),
                b.longs(-1, 16));
        String kv = b.op("Add", b.op("MatMul", tokens, b.randomWeights(3, 16, KV_DIM)),
                b.op("MatMul", e, b.randomWeights(4, textDim, KV_DIM)));
        for (int l = 0; l < LAYERS; l++) {
            String layer = b.op("Add", kv, b.scalar(0.01f * l));
            b.node("Expand", new String[] {b.op("Unsqueeze", layer, b.longs(0)), b.longs(2, 1, 1)},
                    WanContract.KV_CACHE_OUT + l);
        }
        return b;
    }

    public static OnnxBuilder vaeDecoder() {
        return vaeDecoder(List.of());
    }

    public static OnnxBuilder vaeDecoder(List<long[]> extraStates) {
        OnnxBuilder b = new OnnxBuilder()
                .input("latents", FLOAT, 1, 16, "F", "H8", "W8").input("first_chunk", INT64, 1)
                .input("state_in.0", FLOAT, 1, 16, 1, "H8", "W8")
                .output("frames", UINT8, "T", "H", "W", 3).output("state_out.0", FLOAT, 1, 16, 1, "H8", "W8");
        String big = b.longs(Long.MAX_VALUE);
        String rgb = b.op("Slice", "latents", b.longs(0), b.longs(3), b.longs(1));
        String state = b.node("ReduceMean", new String[] {"state_in.0"}, null, intAttr("keepdims", 0));
        rgb = b.op("Add", rgb, b.op("Mul", state, b.scalar(0.1f)));
        String up = b.node("Resize", new String[] {rgb, "", b.floats(new float[] {1, 1, 4, 8, 8}, 5)}, null,
                stringAttr("mode", "nearest"));
        String video = b.op("Tanh", up);
        // the first chunk yields 1 + 4(F-1) frames: its first latent frame decodes to one frame
        String start = b.op("Mul", "first_chunk", b.longs(3));
        video = b.node("Slice", new String[] {video, start, big, b.longs(2)}, null);
        b.node("Squeeze", new String[] {pixels(b, video), b.longs(0)}, "frames");
        b.node("Slice", new String[] {"latents", b.longs(-1), big, b.longs(2)}, "state_out.0");
        passStates(b, extraStates, "latents");
        return b;
    }

    /**
     * The contract's pixel conversion, as a real export appends it to the VAE decoder: {@code [1, 3, T, H, W]} in
     * [-1, 1] to 8-bit {@code [1, T, H, W, 3]}, floor((clip(v, -1, 1) + 1) * 127.5 + 0.5).
     */
    public static String pixels(OnnxBuilder b, String video) {
        String clipped = b.op("Clip", video, b.scalar(-1f), b.scalar(1f));
        String scaled = b.op("Add", b.op("Mul", b.op("Add", clipped, b.scalar(1f)), b.scalar(127.5f)), b.scalar(0.5f));
        String bytes = b.node("Cast", new String[] {b.op("Floor", scaled)}, null, intAttr("to", UINT8));
        return b.node("Transpose", new String[] {bytes}, null, ints("perm", 0, 2, 3, 4, 1));
    }

    public static OnnxBuilder vaeEncoder() {
        return vaeEncoder(List.of());
    }

    public static OnnxBuilder vaeEncoder(List<long[]> extraStates) {
        OnnxBuilder b = new OnnxBuilder()
                .input("video", FLOAT, 1, 3, "T", "H", "W").input("first_chunk", INT64, 1)
                .input("state_in.0", FLOAT, 1, 16, 1, "H8", "W8")
                .output("latents", FLOAT, 1, 16, "F", "H8", "W8").output("state_out.0", FLOAT, 1, 16, 1, "H8", "W8");
        // a clip not a multiple of 4 frames long (one frame: an image) is padded with its last frame, so one frame
        // gives one latent frame as in the real VAE's first chunk
        String t = b.op("Gather", b.op("Shape", "video"), b.longs(2));
        String pad = b.op("Mod", b.op("Sub", b.longs(4), b.op("Mod", t, b.longs(4))), b.longs(4));
        String pads = b.node("Concat", new String[] {b.longs(0, 0, 0, 0, 0, 0, 0), pad, b.longs(0, 0)}, null,
                intAttr("axis", 0));
        String padded = b.node("Pad", new String[] {"video", pads}, null, stringAttr("mode", "edge"));
        String pooled = b.node("AveragePool", new String[] {padded}, null, ints("kernel_shape", 4, 8, 8),
                ints("strides", 4, 8, 8));
        String lat = b.op("Conv", pooled, b.randomWeights(5, 16, 3, 1, 1, 1));
        String state = b.node("ReduceMean", new String[] {"state_in.0"}, null, intAttr("keepdims", 0));
        b.node("Add", new String[] {lat, b.op("Mul", state, b.scalar(0.1f))}, "latents");
        b.node("Slice", new String[] {"latents", b.longs(-1), b.longs(Long.MAX_VALUE), b.longs(2)}, "state_out.0");
        passStates(b, extraStates, "video");
        return b;
    }
}
