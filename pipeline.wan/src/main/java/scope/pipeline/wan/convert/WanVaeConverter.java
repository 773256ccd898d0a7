package scope.pipeline.wan.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import scope.graph.DataType;
import scope.graph.GraphBuilder;
import scope.graph.ModelWriter;
import scope.graph.Precision;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.convert.VaeArchitecture.CachedConv;
import scope.pipeline.wan.convert.VaeArchitecture.Network;

/**
 * Builds the contract's {@code vae_decoder.onnx} and {@code vae_encoder.onnx} (pipeline.wan/README.md) from the Wan
 * 2.1 VAE's state dict ({@code Wan2.1_VAE.pth}), streaming as Scope's {@code WanVAE_.stream_decode} /
 * {@code stream_encode} and {@code WanVAEWrapper} do, with every cached causal conv's slot as a
 * {@code state_in.<key>} / {@code state_out.<key>} pair (key = the conv's module path in the network).
 *
 * <p>One graph call is one chunk. {@code first_chunk} = 1 is upstream's {@code first_batch}: the caches start
 * empty (the state inputs are not read), frame 0 runs alone as a first call (see {@link VaePass}) and the other
 * frames follow with the caches it left; {@code first_chunk} = 0 runs all frames from the state inputs. The
 * encoder takes 1 + 4k frames on a first chunk and 4k after, as upstream (extra frames are dropped as upstream's
 * loops drop them). Inputs and outputs are float32 (the decoder's frames uint8); inside, the chosen precision.
 */
public final class WanVaeConverter {
    /** Wan 2.1's latent normalisation ({@code wan2_1/vae/constants.py}), per latent channel. */
    public static final float[] LATENT_MEAN = {-0.7571f, -0.7089f, -0.9113f, 0.1075f, -0.1745f, 0.9653f, -0.1517f,
        1.5508f, 0.4134f, -0.0715f, 0.5517f, -0.3632f, -0.1922f, -0.9497f, 0.2503f, -0.2921f};
    public static final float[] LATENT_STD = {2.8184f, 1.4541f, 2.3275f, 2.6558f, 1.2196f, 1.7708f, 2.6052f,
        2.0743f, 3.2687f, 2.1526f, 2.8652f, 1.5579f, 1.6382f, 1.1253f, 2.8251f, 1.9160f};

    /** The decoder's optional float video output (clamped to [-1, 1], before 8-bit quantisation). */
    public static final String VIDEO_OUTPUT = WanContract.DECODER_VIDEO;

    /**
     * @param videoOutput also give the decoder's float video [1, 3, T, H, W] as output {@link #VIDEO_OUTPUT}: Krea
     *                    re-encodes its first context frame from it (as Scope does, unrounded), parity checks
     *                    compare it; LongLive does without
     */
    public record Options(Precision precision, ModelWriter.Placement placement, boolean videoOutput) {
        public static Options fp32() {
            return new Options(Precision.FP32, ModelWriter.Placement.AUTO, false);
        }

        public Options withVideoOutput() {
            return new Options(precision, placement, true);
        }
    }

    private WanVaeConverter() {
    }

    /** Writes {@code vae_decoder.onnx} and {@code vae_encoder.onnx} into {@code dir}. */
    public static List<ModelWriter.Written> convert(Weights w, Path dir, Options options) throws IOException {
        requireSupported(options.precision());
        VaeArchitecture arch = VaeArchitecture.of(w);
        return List.of(
                ModelWriter.write(decoder(arch, w, options), dir.resolve(WanContract.VAE_DECODER.file()),
                        options.placement()),
                ModelWriter.write(encoder(arch, w, options), dir.resolve(WanContract.VAE_ENCODER.file()),
                        options.placement()));
    }

    /** ONNX's Conv takes no bfloat16 before opset 22 (the graphs are opset 17): the VAE is FP32 or FP16. */
    private static void requireSupported(Precision precision) {
        if (precision == Precision.BF16) {
            throw new IllegalArgumentException("the Wan VAE converts at FP32 or FP16, not BF16: ONNX opset "
                    + scope.graph.GraphBuilder.OPSET + " has no bfloat16 convolution");
        }
    }

    /** The decoder graph: normalised latents [1, z, F, H8, W8] to frames uint8 [T, H, W, 3]. */
    public static GraphBuilder decoder(VaeArchitecture arch, Weights w, Options options) {
        requireSupported(options.precision());
        GraphBuilder g = new GraphBuilder("wan_vae_decoder", options.precision());
        Network net = arch.decoder();
        long z = arch.latentChannels();
        checkLatentWidth(w, z, "conv2.weight");
        String latents = g.toCompute(g.input("latents", DataType.FLOAT, 1, z, "F", "H8", "W8"));
        String firstChunk = g.input("first_chunk", DataType.INT64, 1);
        Map<String, String> stateIn = stateInputs(g, net);
        VaeParameters p = new VaeParameters(g, w);

        // z / (1 / std) + mean, dividing by the float32 reciprocal as upstream, then conv2 (1x1x1) on all frames
        String unscaled = g.add(g.div(latents, perChannel(g, reciprocals(LATENT_STD))), perChannel(g, LATENT_MEAN));
        String x = g.conv(unscaled, p.conv3d("conv2.weight"), p.vector("conv2.bias"));
        String frames = g.gather(g.shape(x), g.int64(new long[] {2}), 0);

        GraphBuilder firstBranch = g.subgraph("decoder_first_chunk");
        Map<String, String> afterFirst = new LinkedHashMap<>();
        String y0 = new VaePass(firstBranch, p, net, true).run(firstFrame(firstBranch, x), afterFirst);
        chunkTail(firstBranch, p, net, x, y0, afterFirst, g.greater(frames, g.int64(new long[] {1})), null);

        GraphBuilder laterBranch = g.subgraph("decoder_later_chunk");
        Map<String, String> states = new LinkedHashMap<>(stateIn);
        results(laterBranch, new VaePass(laterBranch, p, net, false).run(x, states), states, net);

        List<String> out = g.ifElse(isSet(g, firstChunk), firstBranch, laterBranch);
        String video = g.toFloat(g.clip(out.get(0), g.scalar(-1f), g.scalar(1f)));
        if (options.videoOutput()) {
            g.output(video, VIDEO_OUTPUT, DataType.FLOAT, 1, net.outChannels(), "T", "H", "W");
        }
        // the contract's 8-bit frames: floor((v + 1) 127.5 + 0.5), channels last, batch squeezed
        String scaled = g.add(g.mul(g.add(video, g.scalar32(1f)), g.scalar32(127.5f)), g.scalar32(0.5f));
        String bytes = g.transpose(g.cast(g.floor(scaled), DataType.UINT8), 0, 2, 3, 4, 1);
        g.output(g.squeeze(bytes, 0), "frames", DataType.UINT8, "T", "H", "W", net.outChannels());
        stateOutputs(g, net, out);
        return g;
    }

    /** The encoder graph: video [1, 3, T, H, W] in [-1, 1] to normalised latents [1, z, F, H8, W8]. */
    public static GraphBuilder encoder(VaeArchitecture arch, Weights w, Options options) {
        requireSupported(options.precision());
        GraphBuilder g = new GraphBuilder("wan_vae_encoder", options.precision());
        Network net = arch.encoder();
        long z = arch.latentChannels();
        checkLatentWidth(w, z, "conv1.weight");
        String video = g.toCompute(g.input("video", DataType.FLOAT, 1, net.inChannels(), "T", "H", "W"));
        String firstChunk = g.input("first_chunk", DataType.INT64, 1);
        Map<String, String> stateIn = stateInputs(g, net);
        VaeParameters p = new VaeParameters(g, w);
        String frames = g.gather(g.shape(video), g.int64(new long[] {2}), 0);
        String four = g.int64(new long[] {4});

        // first chunk: frame 0, then the 4k frames after it (upstream's 1 + (t-1)//4 groups)
        GraphBuilder firstBranch = g.subgraph("encoder_first_chunk");
        Map<String, String> afterFirst = new LinkedHashMap<>();
        String y0 = new VaePass(firstBranch, p, net, true).run(firstFrame(firstBranch, video), afterFirst);
        String groups = firstBranch.div(firstBranch.sub(frames, firstBranch.int64(new long[] {1})), four);
        String restEnd = firstBranch.add(firstBranch.mul(groups, four), firstBranch.int64(new long[] {1}));
        chunkTail(firstBranch, p, net, video, y0, afterFirst, firstBranch.greater(groups,
                firstBranch.int64(new long[] {0})), restEnd);

        // later chunks: 4k frames (upstream's t//4 groups)
        GraphBuilder laterBranch = g.subgraph("encoder_later_chunk");
        String usable = laterBranch.mul(laterBranch.div(frames, four), four);
        Map<String, String> states = new LinkedHashMap<>(stateIn);
        String y = new VaePass(laterBranch, p, net, false).run(frameRange(laterBranch, video, 0, usable), states);
        results(laterBranch, y, states, net);

        List<String> out = g.ifElse(isSet(g, firstChunk), firstBranch, laterBranch);
        // conv1 (1x1x1) keeps only the mean: its first z output channels; then (mu - mean) / std
        String mu = g.conv(out.get(0), p.leadingRows("conv1.weight", z), p.leadingRows("conv1.bias", z));
        String normalised = g.mul(g.sub(mu, perChannel(g, LATENT_MEAN)), perChannel(g, reciprocals(LATENT_STD)));
        g.output(g.toFloat(normalised), "latents", DataType.FLOAT, 1, z, "F", "H8", "W8");
        stateOutputs(g, net, out);
        return g;
    }

    /**
     * The rest of a first chunk inside its branch: when {@code more} holds, frames 1.. ({@code end} exclusive, or
     * all) run as a later call from the caches frame 0 left, and the frames are joined; otherwise frame 0 alone.
     */
    private static void chunkTail(GraphBuilder branch, VaeParameters p, Network net, String x, String y0,
            Map<String, String> afterFirst, String more, String end) {
        GraphBuilder rest = branch.subgraph(net.prefix() + "_rest_of_first_chunk");
        Map<String, String> states = new LinkedHashMap<>(afterFirst);
        String y1 = new VaePass(rest, p, net, false).run(frameRange(rest, x, 1, end), states);
        results(rest, rest.concat(2, y0, y1), states, net);
        GraphBuilder alone = branch.subgraph(net.prefix() + "_first_frame_only");
        results(alone, y0, afterFirst, net);
        List<String> out = branch.ifElse(more, rest, alone);
        for (String value : out) {
            branch.result(value, branch.computeType());
        }
    }

    private static String firstFrame(GraphBuilder g, String x) {
        return g.slice(x, new long[] {0}, new long[] {1}, new long[] {2});
    }

    /** Frames {@code start} to {@code end} (an int64 scalar value, exclusive; null: to the last) along axis 2. */
    private static String frameRange(GraphBuilder g, String x, long start, String end) {
        String ends = end == null ? g.longs(Long.MAX_VALUE) : g.unsqueeze(end, 0);
        return g.op("Slice", List.of(x, g.longs(start), ends, g.longs(2)));
    }

    /** A branch's results: the frames, then every state in the network's order. */
    private static void results(GraphBuilder branch, String y, Map<String, String> states, Network net) {
        branch.result(y, branch.computeType());
        for (CachedConv c : net.cachedConvs()) {
            branch.result(states.get(c.key()), branch.computeType());
        }
    }

    private static Map<String, String> stateInputs(GraphBuilder g, Network net) {
        Map<String, String> in = new LinkedHashMap<>();
        for (CachedConv c : net.cachedConvs()) {
            in.put(c.key(), g.toCompute(g.input(WanContract.STATE_IN + c.key(), DataType.FLOAT, stateDims(c))));
        }
        return in;
    }

    private static void stateOutputs(GraphBuilder g, Network net, List<String> ifOutputs) {
        List<CachedConv> convs = net.cachedConvs();
        for (int i = 0; i < convs.size(); i++) {
            CachedConv c = convs.get(i);
            g.output(g.toFloat(ifOutputs.get(i + 1)), WanContract.STATE_OUT + c.key(), DataType.FLOAT,
                    stateDims(c));
        }
    }

    /** [1, C, frames, H/s, W/s] with the contract's symbols H, H2, H4, H8 (W likewise). */
    static Object[] stateDims(CachedConv c) {
        String suffix = c.scale() == 1 ? "" : Integer.toString(c.scale());
        if (c.scale() != 1 && c.scale() != 2 && c.scale() != 4 && c.scale() != 8) {
            throw new IllegalArgumentException("state " + c.key() + " at 1/" + c.scale() + " resolution: the "
                    + "contract names H, H2, H4, H8 only");
        }
        return new Object[] {1, c.channels(), c.frames(), "H" + suffix, "W" + suffix};
    }

    private static void checkLatentWidth(Weights w, long z, String key) {
        if (z != LATENT_MEAN.length) {
            throw new ConversionException(w.source(), key, z + " latent channels; Wan 2.1's normalisation has "
                    + LATENT_MEAN.length);
        }
    }

    /** A per-channel constant [1, C, 1, 1, 1] in the compute type. */
    private static String perChannel(GraphBuilder g, float[] values) {
        return g.weight(values.clone(), 1, values.length, 1, 1, 1);
    }

    private static float[] reciprocals(float[] values) {
        float[] r = new float[values.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = 1f / values[i];
        }
        return r;
    }

    /** If's condition from the contract's int64 flag [1]. */
    private static String isSet(GraphBuilder g, String flag) {
        return g.cast(g.squeeze(flag, 0), DataType.BOOL);
    }
}
