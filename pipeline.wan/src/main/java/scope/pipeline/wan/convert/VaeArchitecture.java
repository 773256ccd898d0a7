package scope.pipeline.wan.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The Wan 2.1 VAE's layers as its state dict shows them ({@code WanVAE_.state_dict()}, the keys of
 * {@code Wan2.1_VAE.pth}): every width, the order of residual, attention and resample blocks, and which resamples
 * are temporal, read from key names and tensor shapes, nothing assumed (the real model has base width 96, the
 * parity fixture 8). A key that is missing or has an unexpected shape fails naming it.
 */
public record VaeArchitecture(long latentChannels, Network encoder, Network decoder) {
    /** One block of a network, in execution order. */
    public sealed interface Block permits Residual, Attention, Resample {
        /** The state-dict key prefix, without the network's ("middle.0"). */
        String key();

        long in();

        long out();
    }

    /** {@code ResidualBlock}: RMS norm, SiLU, 3x3x3 causal conv, twice, plus a 1x1x1 shortcut when widths differ. */
    public record Residual(String key, long in, long out, boolean shortcut) implements Block {
    }

    /** {@code AttentionBlock}: one head over each frame's positions. */
    public record Attention(String key, long in) implements Block {
        @Override
        public long out() {
            return in;
        }
    }

    /**
     * {@code Resample}: spatial x2 up (nearest, then a 3x3 conv to {@code out}) or /2 down (stride-2 3x3 conv), and
     * with {@code temporal} its causal {@code time_conv} (up: doubles the frames; down: halves them).
     */
    public record Resample(String key, long in, long out, boolean up, boolean temporal) implements Block {
    }

    /** A cached causal conv: its carried state holds the last {@code frames} frames of its input. */
    public record CachedConv(String key, long channels, int frames, int scale) {
    }

    /**
     * {@code Encoder3d} or {@code Decoder3d}: the 3x3x3 {@code conv1}, the blocks, then RMS norm, SiLU and the
     * 3x3x3 {@code head.2}.
     *
     * @param inputScale pixel-to-input resolution ratio of the network's input (1 for the encoder, 8 for the
     *                   decoder of Wan 2.1)
     */
    public record Network(String prefix, long inChannels, long width, List<Block> blocks, long headChannels,
            long outChannels, int inputScale) {
        /** Every cached conv in execution order (which is the order of its state slots upstream). */
        public List<CachedConv> cachedConvs() {
            List<CachedConv> convs = new ArrayList<>();
            int scale = inputScale;
            convs.add(new CachedConv("conv1", inChannels, 2, scale));
            for (Block b : blocks) {
                if (b instanceof Residual r) {
                    convs.add(new CachedConv(r.key() + ".residual.2", r.in(), 2, scale));
                    convs.add(new CachedConv(r.key() + ".residual.6", r.out(), 2, scale));
                } else if (b instanceof Resample s && s.up()) {
                    if (s.temporal()) {
                        convs.add(new CachedConv(s.key() + ".time_conv", s.in(), 2, scale));
                    }
                    scale /= 2;
                } else if (b instanceof Resample s) {
                    scale *= 2;
                    if (s.temporal()) {
                        // the frames after the spatial conv, of which only the last is ever read again
                        convs.add(new CachedConv(s.key() + ".time_conv", s.out(), 1, scale));
                    }
                }
            }
            convs.add(new CachedConv("head.2", headChannels, 2, scale));
            return convs;
        }

        /** How many resamples are temporal (each halves or doubles the frame rate). */
        public int temporalResamples() {
            return (int) blocks.stream().filter(b -> b instanceof Resample s && s.temporal()).count();
        }

        /** How many resamples there are (each halves or doubles the resolution). */
        public int spatialResamples() {
            return (int) blocks.stream().filter(b -> b instanceof Resample).count();
        }
    }

    /** Reads the architecture from the state dict's keys and shapes. */
    public static VaeArchitecture of(Weights w) {
        long[] conv2 = w.shape("conv2.weight", 5);
        long z = conv2[0];
        w.expect("conv2.weight", z, z, 1, 1, 1);
        w.expect("conv2.bias", z);
        long[] conv1 = w.shape("conv1.weight", 5);
        long moments = conv1[0];
        w.expect("conv1.weight", moments, moments, 1, 1, 1);
        w.expect("conv1.bias", moments);
        if (moments != 2 * z) {
            throw new ConversionException(w.source(), "conv1.weight", "has " + moments + " channels, expected "
                    + 2 * z + " (mean and log-variance of " + z + " latent channels, as conv2.weight says)");
        }
        long pixels = w.shape("encoder.conv1.weight", 5)[1];
        Network encoder = network(w, "encoder", pixels, List.of("downsamples", "middle"), false, 1);
        int down = encoder.spatialResamples();
        if (encoder.outChannels() != moments) {
            throw new ConversionException(w.source(), "encoder.head.2.weight", "gives " + encoder.outChannels()
                    + " channels, conv1.weight takes " + moments);
        }
        Network decoder = network(w, "decoder", z, List.of("middle", "upsamples"), true, 1 << down);
        if (decoder.spatialResamples() != down || decoder.temporalResamples() != encoder.temporalResamples()) {
            throw new ConversionException(w.source(), "decoder.upsamples", "the decoder resamples "
                    + decoder.spatialResamples() + " times (" + decoder.temporalResamples() + " temporal), the "
                    + "encoder " + down + " (" + encoder.temporalResamples() + ")");
        }
        if (decoder.outChannels() != pixels) {
            throw new ConversionException(w.source(), "decoder.head.2.weight", "gives " + decoder.outChannels()
                    + " channels, the encoder takes " + pixels);
        }
        return new VaeArchitecture(z, encoder, decoder);
    }

    private static Network network(Weights w, String prefix, long inChannels, List<String> parts, boolean up,
            int inputScale) {
        String p = prefix + ".";
        long width = w.shape(p + "conv1.weight", 5)[0];
        w.expect(p + "conv1.weight", width, inChannels, 3, 3, 3);
        w.expect(p + "conv1.bias", width);
        List<Block> blocks = new ArrayList<>();
        long channels = width;
        for (String part : parts) {
            for (int i : indices(w, p + part + ".")) {
                Block b = block(w, p, part + "." + i, channels, up);
                blocks.add(b);
                channels = b.out();
            }
        }
        w.expect(p + "head.0.gamma", channels, 1, 1, 1);
        long out = w.shape(p + "head.2.weight", 5)[0];
        w.expect(p + "head.2.weight", out, channels, 3, 3, 3);
        w.expect(p + "head.2.bias", out);
        return new Network(prefix, inChannels, width, List.copyOf(blocks), channels, out, inputScale);
    }

    /** The block numbers under a sequential's prefix, which must run 0..n-1. */
    private static List<Integer> indices(Weights w, String prefix) {
        TreeSet<Integer> found = new TreeSet<>();
        for (String key : w.names()) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                try {
                    found.add(Integer.parseInt(dot < 0 ? rest : rest.substring(0, dot)));
                } catch (NumberFormatException e) {
                    throw new ConversionException(w.source(), key, "not a numbered block of " + prefix);
                }
            }
        }
        if (found.isEmpty()) {
            throw new ConversionException(w.source(), prefix + "0", "missing: no blocks under " + prefix);
        }
        List<Integer> list = new ArrayList<>(found);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) != i) {
                throw new ConversionException(w.source(), prefix + i, "missing (blocks " + list + " present)");
            }
        }
        return list;
    }

    private static Block block(Weights w, String p, String key, long in, boolean up) {
        String k = p + key + ".";
        if (w.names().contains(k + "residual.0.gamma")) {
            w.expect(k + "residual.0.gamma", in, 1, 1, 1);
            long out = w.shape(k + "residual.2.weight", 5)[0];
            w.expect(k + "residual.2.weight", out, in, 3, 3, 3);
            w.expect(k + "residual.2.bias", out);
            w.expect(k + "residual.3.gamma", out, 1, 1, 1);
            w.expect(k + "residual.6.weight", out, out, 3, 3, 3);
            w.expect(k + "residual.6.bias", out);
            boolean shortcut = w.names().contains(k + "shortcut.weight");
            if (shortcut) {
                w.expect(k + "shortcut.weight", out, in, 1, 1, 1);
                w.expect(k + "shortcut.bias", out);
            } else if (in != out) {
                throw new ConversionException(w.source(), k + "shortcut.weight", "missing: the block maps " + in
                        + " to " + out + " channels");
            }
            return new Residual(key, in, out, shortcut);
        }
        if (w.names().contains(k + "to_qkv.weight")) {
            w.expect(k + "norm.gamma", in, 1, 1);
            w.expect(k + "to_qkv.weight", 3 * in, in, 1, 1);
            w.expect(k + "to_qkv.bias", 3 * in);
            w.expect(k + "proj.weight", in, in, 1, 1);
            w.expect(k + "proj.bias", in);
            return new Attention(key, in);
        }
        if (w.names().contains(k + "resample.1.weight")) {
            long out = w.shape(k + "resample.1.weight", 4)[0];
            w.expect(k + "resample.1.weight", out, in, 3, 3);
            w.expect(k + "resample.1.bias", out);
            boolean temporal = w.names().contains(k + "time_conv.weight");
            if (temporal) {
                // upsample3d: dim -> 2 dim, interleaved into twice the frames; downsample3d: dim -> dim, stride 2
                long timeOut = up ? 2 * in : out;
                long timeIn = up ? in : out;
                w.expect(k + "time_conv.weight", timeOut, timeIn, 3, 1, 1);
                w.expect(k + "time_conv.bias", timeOut);
            }
            return new Resample(key, in, out, up, temporal);
        }
        throw new ConversionException(w.source(), k.substring(0, k.length() - 1), "not a residual, attention or "
                + "resample block (no residual.0.gamma, to_qkv.weight or resample.1.weight)");
    }
}
