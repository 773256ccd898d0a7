package scope.pipeline.wan;

import static scope.pipeline.wan.GraphContract.byteTensor;
import static scope.pipeline.wan.GraphContract.floatTensor;
import static scope.pipeline.wan.GraphContract.longTensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ONNX graphs of a Wan-family generator and their inputs and outputs (pipeline.wan/README.md explains each).
 * Symbols: B batch, F latent frames, T video frames, H/W pixels, H8/W8 = H/8, W/8, TEXT_DIM encoder width,
 * LAYERS (the count of per-layer cache inputs), KV_DIM, CACHE_TOKENS = cache frames x frame tokens, CACHE_FRAMES,
 * BLOCK_TOKENS = F x frame tokens.
 */
public final class WanContract {
    private WanContract() {
    }

    /** Tokens per prompt (UMT5 with Wan's text length). */
    public static final int TEXT_TOKENS = 512;
    /** Latent channels of the Wan VAE. */
    public static final int LATENT_CHANNELS = 16;
    /** Latent frames generated per call. */
    public static final int FRAMES_PER_BLOCK = 3;
    /** Latent frames the RoPE table covers; the cache is reset before it runs out. */
    public static final int ROPE_FRAMES = 1024;
    /** Prefix of the causal-conv state inputs of the VAE graphs; outputs use {@link #STATE_OUT}. */
    public static final String STATE_IN = "state_in.";
    public static final String STATE_OUT = "state_out.";

    public static final String TOKENIZER = "spiece.model";

    /**
     * An optional output of the VAE decoder: its video before the 8-bit conversion, float [1, 3, T, H, W] in
     * [-1, 1]. Krea re-encodes its first context frame from it when present, as Scope does; else from the frames.
     */
    public static final String DECODER_VIDEO = "video";

    /**
     * The resolution symbols at a height and width: H, W, and H2, H4, H8 (W likewise) for the VAE's states at
     * 1/2, 1/4 and 1/8 resolution and the latents. A mutable map, for the other symbols to be added.
     */
    public static Map<String, Long> resolutionBindings(int height, int width) {
        return GraphContract.bindings("H", height, "W", width, "H2", height / 2, "W2", width / 2, "H4",
                height / 4, "W4", width / 4, "H8", height / 8, "W8", width / 8);
    }

    public static final GraphContract TEXT_ENCODER = new GraphContract("text_encoder.onnx",
            List.of(longTensor("input_ids", "B", "512"), longTensor("attention_mask", "B", "512")),
            List.of(floatTensor("prompt_embeds", "B", "512", "TEXT_DIM")));

    /** Prefix of the DiT's per-layer cache inputs ({@code kv_cache_in.0} ...); outputs use {@link #KV_CACHE_OUT}. */
    public static final String KV_CACHE_IN = "kv_cache_in.";
    public static final String KV_CACHE_OUT = "kv_cache_out.";

    /** The DiT graph's file name. */
    public static final String DIT_FILE = "dit.onnx";

    /**
     * The causal DiT step with {@code layers} per-layer cache inputs and outputs; with {@code attentionBias} also
     * Krea's {@code kv_cache_attention_bias}.
     */
    public static GraphContract dit(int layers, boolean attentionBias) {
        List<GraphContract.Tensor> in = new ArrayList<>(List.of(
                floatTensor("latents", "1", "16", "F", "H8", "W8"),
                floatTensor("timestep", "1"),
                floatTensor("prompt_embeds", "1", "512", "TEXT_DIM")));
        List<GraphContract.Tensor> out = new ArrayList<>(List.of(floatTensor("flow_pred", "1", "16", "F", "H8", "W8")));
        for (int l = 0; l < layers; l++) {
            in.add(floatTensor(KV_CACHE_IN + l, "2", "CACHE_TOKENS", "KV_DIM"));
            out.add(floatTensor(KV_CACHE_OUT + l, "2", "BLOCK_TOKENS", "KV_DIM"));
        }
        in.add(longTensor("cache_positions", "CACHE_FRAMES"));
        in.add(longTensor("positions", "F"));
        if (attentionBias) {
            in.add(floatTensor("kv_cache_attention_bias", "1"));
        }
        return new GraphContract(DIT_FILE, in, out);
    }

    /** How many layers a DiT graph has: its inputs {@code kv_cache_in.0 .. kv_cache_in.<n-1>}. */
    public static int ditLayers(Graph graph) {
        int n = 0;
        while (graph.inputs().containsKey(KV_CACHE_IN + n)) {
            n++;
        }
        return n;
    }

    /**
     * The decoder emits finished 8-bit RGB frames (clip to [-1,1], scale to [0,255], round, cast, channels last) so
     * the pixel conversion runs in the engine and the host only copies bytes.
     */
    public static final GraphContract VAE_DECODER = new GraphContract("vae_decoder.onnx",
            List.of(floatTensor("latents", "1", "16", "F", "H8", "W8"), longTensor("first_chunk", "1")),
            List.of(byteTensor("frames", "T", "H", "W", "3")));

    public static final GraphContract VAE_ENCODER = new GraphContract("vae_encoder.onnx",
            List.of(floatTensor("video", "1", "3", "T", "H", "W"), longTensor("first_chunk", "1")),
            List.of(floatTensor("latents", "1", "16", "F", "H8", "W8")));

}
