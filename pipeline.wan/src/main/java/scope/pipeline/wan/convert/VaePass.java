package scope.pipeline.wan.convert;

import static scope.graph.Attributes.integer;
import static scope.graph.Attributes.ints;
import static scope.graph.Attributes.string;

import java.util.List;
import java.util.Map;
import scope.graph.DataType;
import scope.graph.GraphBuilder;
import scope.graph.Layers;
import scope.pipeline.wan.convert.VaeArchitecture.Attention;
import scope.pipeline.wan.convert.VaeArchitecture.Block;
import scope.pipeline.wan.convert.VaeArchitecture.Network;
import scope.pipeline.wan.convert.VaeArchitecture.Residual;
import scope.pipeline.wan.convert.VaeArchitecture.Resample;

/**
 * One call of {@code Encoder3d} or {@code Decoder3d} on the frames {@code [1, C, T, H, W]} it is given, with the
 * causal-conv caches of upstream's {@code feat_cache} as graph values.
 *
 * <p>A cache is held as a fixed number of frames, zeros where upstream has none yet: a 3x3x3 conv's slot is the
 * last 2 frames of its input ({@code cat(slot, x)} with the causal zero padding cut by the slot's length equals
 * the conv over {@code cat(zero-filled 2-frame slot, x)} unpadded, and the next slot is the last 2 frames of that,
 * which also covers upstream's one-frame case of prepending the old slot's last frame). A downsample's
 * {@code time_conv} reads only the last frame of its slot, so that is all it keeps.
 *
 * <p>{@code first} builds the first call after a cache reset: every slot starts empty, upsample3d stores its
 * {@code "Rep"} marker instead of running {@code time_conv} (its slot stays zero: the next call's {@code time_conv}
 * then pads with zeros, as with {@code "Rep"}), and downsample3d only stores its frames. Later calls read the
 * slots. Upstream runs later decoder calls one latent frame at a time and later encoder calls in groups of 4
 * frames; every temporal op is causal with a fixed window (and the downsampling stride 2 meets groups of even
 * length), so one call on all of them gives the same frames and the same caches.
 */
final class VaePass {
    private final GraphBuilder g;
    private final VaeParameters p;
    private final Network net;
    private final String prefix;
    private final boolean first;

    VaePass(GraphBuilder g, VaeParameters p, Network net, boolean first) {
        this.g = g;
        this.p = p;
        this.net = net;
        this.prefix = net.prefix() + ".";
        this.first = first;
    }

    /**
     * Adds the nodes of one call on {@code x}; {@code states} maps each cached conv's key to its slot before the
     * call (not read when {@code first}) and receives the slots after it.
     */
    String run(String x, Map<String, String> states) {
        x = causalConv(x, "conv1", states);
        for (Block b : net.blocks()) {
            if (b instanceof Residual r) {
                x = residual(x, r, states);
            } else if (b instanceof Attention a) {
                x = attention(x, a);
            } else if (b instanceof Resample s && s.up()) {
                x = upsample(x, s, states);
            } else {
                x = downsample(x, (Resample) b, states);
            }
        }
        x = silu(rmsNorm(x, "head.0.gamma"));
        return causalConv(x, "head.2", states);
    }

    /** {@code CausalConv3d} k=3, padding 1, cached: the conv over the slot then the input, unpadded in time. */
    private String causalConv(String x, String key, Map<String, String> states) {
        String extended = first ? g.pad(x, "constant", 0, 0, 2, 0, 0, 0, 0, 0, 0, 0)
                : g.concat(2, states.get(key), x);
        states.put(key, lastFrames(extended, 2));
        return g.conv(extended, p.conv3d(prefix + key + ".weight"), p.vector(prefix + key + ".bias"),
                ints("pads", 0, 1, 1, 0, 1, 1));
    }

    private String residual(String x, Residual r, Map<String, String> states) {
        String k = r.key();
        String shortcut = r.shortcut() ? g.conv(x, p.conv3d(prefix + k + ".shortcut.weight"),
                p.vector(prefix + k + ".shortcut.bias")) : x;
        String y = causalConv(silu(rmsNorm(x, k + ".residual.0.gamma")), k + ".residual.2", states);
        // (dropout, residual.5, is the identity in inference)
        y = causalConv(silu(rmsNorm(y, k + ".residual.3.gamma")), k + ".residual.6", states);
        return g.add(y, shortcut);
    }

    /** Per frame: RMS norm, 1x1 qkv, one-head attention over the frame's positions, 1x1 proj, residual. */
    private String attention(String x, Attention a) {
        String k = prefix + a.key();
        long c = a.in();
        String normed = rmsNorm(x, a.key() + ".norm.gamma");
        String qkv = g.conv(normed, p.tensor(k + ".to_qkv.weight", 3 * c, c, 1, 1, 1),
                p.vector(k + ".to_qkv.bias"));
        // [1, 3C, T, H, W] -> [T, HW, 3C]: per frame, positions by channels (batch 1, as the contract's)
        String rows = g.squeeze(g.transpose(g.reshape(qkv, 0, 0, 0, -1), 0, 2, 3, 1), 0);
        String q = g.slice(rows, new long[] {0}, new long[] {c}, new long[] {2});
        String kk = g.slice(rows, new long[] {c}, new long[] {2 * c}, new long[] {2});
        String v = g.slice(rows, new long[] {2 * c}, new long[] {3 * c}, new long[] {2});
        String attended = Layers.attention(g, q, kk, v, 1, c, (float) (1 / Math.sqrt(c)), null, null);
        // [T, HW, C] -> [1, C, T, H, W]
        String back = g.reshapeTo(g.unsqueeze(g.transpose(attended, 2, 0, 1), 0), g.shape(x));
        String out = g.conv(back, p.tensor(k + ".proj.weight", c, c, 1, 1, 1), p.vector(k + ".proj.bias"));
        return g.add(out, x);
    }

    /**
     * upsample3d's {@code time_conv} (dim -> 2 dim, channel halves interleaved into twice the frames), unless
     * first, then per frame nearest x2 and a 3x3 conv.
     */
    private String upsample(String x, Resample s, Map<String, String> states) {
        String k = s.key();
        if (s.temporal()) {
            String key = k + ".time_conv";
            if (first) {
                // "Rep": no conv, the slot stays empty (zeros) for the next call
                String shape = g.concat(0, g.longs(1, s.in(), 2), g.slice(g.shape(x), new long[] {3},
                        new long[] {5}, new long[] {0}));
                states.put(key, g.expand(g.scalar(0f), shape));
            } else {
                String extended = g.concat(2, states.get(key), x);
                states.put(key, lastFrames(extended, 2));
                String doubled = g.conv(extended, p.conv3d(prefix + key + ".weight"),
                        p.vector(prefix + key + ".bias"));
                x = interleaveFrames(doubled, s.in());
            }
        }
        String up = g.op("Resize", List.of(x, "", g.float32(new float[] {1, 1, 1, 2, 2}, 5)),
                string("mode", "nearest"), string("coordinate_transformation_mode", "asymmetric"),
                string("nearest_mode", "floor"));
        return g.conv(up, p.conv2dPerFrame(prefix + k + ".resample.1.weight"),
                p.vector(prefix + k + ".resample.1.bias"), ints("pads", 0, 1, 1, 0, 1, 1));
    }

    /** [1, 2C, T, H, W] -> [1, C, 2T, H, W]: frame 2t from channels 0..C-1 at t, frame 2t+1 from C..2C-1. */
    private String interleaveFrames(String x, long c) {
        String shape = g.shape(x);
        String spatial = g.slice(shape, new long[] {2}, new long[] {5}, new long[] {0});
        String split = g.reshapeTo(x, g.concat(0, g.longs(1, 2, c), spatial));
        String paired = g.transpose(split, 0, 2, 3, 1, 4, 5);
        String hw = g.slice(shape, new long[] {3}, new long[] {5}, new long[] {0});
        return g.reshapeTo(paired, g.concat(0, g.longs(1, c, -1), hw));
    }

    /**
     * Per frame ZeroPad2d(0,1,0,1) and a stride-2 3x3 conv, then downsample3d's {@code time_conv} (k=3, stride 2)
     * over the slot's last frame and the frames, unless first; the slot becomes the last frame.
     */
    private String downsample(String x, Resample s, Map<String, String> states) {
        String k = s.key();
        String y = g.conv(x, p.conv2dPerFrame(prefix + k + ".resample.1.weight"),
                p.vector(prefix + k + ".resample.1.bias"), ints("pads", 0, 0, 0, 0, 1, 1),
                ints("strides", 1, 2, 2));
        if (!s.temporal()) {
            return y;
        }
        String key = k + ".time_conv";
        String last = lastFrames(y, 1);
        if (!first) {
            y = g.conv(g.concat(2, states.get(key), y), p.conv3d(prefix + key + ".weight"),
                    p.vector(prefix + key + ".bias"), ints("strides", 2, 1, 1));
        }
        states.put(key, last);
        return y;
    }

    /**
     * {@code RMS_norm} over channels: {@code F.normalize(x, dim=1)} (x / max(L2, 1e-12)) times sqrt(C) gamma; the
     * norm in float32 at reduced precision.
     */
    private String rmsNorm(String x, String gammaKey) {
        boolean reduced = g.computeType() != DataType.FLOAT;
        String xf = reduced ? g.cast(x, DataType.FLOAT) : x;
        String norm = g.max(g.op("ReduceL2", List.of(xf), ints("axes", 1), integer("keepdims", 1)),
                g.scalar32(1e-12f));
        String normed = g.div(x, reduced ? g.cast(norm, g.computeType()) : norm);
        return g.mul(normed, p.rmsScale(prefix + gammaKey));
    }

    private String silu(String x) {
        return g.mul(x, g.sigmoid(x));
    }

    private String lastFrames(String x, long n) {
        return g.slice(x, new long[] {-n}, new long[] {Long.MAX_VALUE}, new long[] {2});
    }
}
