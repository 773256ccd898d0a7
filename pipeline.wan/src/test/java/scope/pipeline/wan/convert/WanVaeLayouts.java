package scope.pipeline.wan.convert;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import scope.graph.FloatSink;
import scope.graph.TensorData;

/**
 * State-dict layouts of upstream's {@code WanVAE_(dim, z_dim, dim_mult=[1,2,4,4], num_res_blocks=2,
 * attn_scales=[], temperal_downsample=[False,True,True])}, built the way its constructors name and shape the
 * parameters (dim 96 is {@code Wan2.1_VAE.pth}), with random values generated while they are written.
 */
final class WanVaeLayouts {
    private WanVaeLayouts() {
    }

    /** Key -> shape, in upstream's registration order. */
    static Map<String, long[]> shapes(long dim, long z) {
        Map<String, long[]> s = new LinkedHashMap<>();
        long[] mult = {1, 2, 4, 4};
        boolean[] temporalDown = {false, true, true};
        // Encoder3d: dims = dim * [1] + dim_mult
        long[] enc = {dim, dim * mult[0], dim * mult[1], dim * mult[2], dim * mult[3]};
        conv(s, "encoder.conv1", enc[0], 3, 3, 3, 3);
        int n = 0;
        long out = enc[0];
        for (int i = 0; i < 4; i++) {
            long in = enc[i];
            out = enc[i + 1];
            for (int r = 0; r < 2; r++) {
                residual(s, "encoder.downsamples." + n++, in, out);
                in = out;
            }
            if (i != 3) {
                resample(s, "encoder.downsamples." + n++, out, false, temporalDown[i]);
            }
        }
        middle(s, "encoder.middle", out);
        s.put("encoder.head.0.gamma", new long[] {out, 1, 1, 1});
        conv(s, "encoder.head.2", 2 * z, out, 3, 3, 3);
        conv(s, "conv1", 2 * z, 2 * z, 1, 1, 1);
        conv(s, "conv2", z, z, 1, 1, 1);
        // Decoder3d: dims = dim * [dim_mult[-1]] + dim_mult[::-1], temperal_upsample = reversed
        long[] dec = {dim * mult[3], dim * mult[3], dim * mult[2], dim * mult[1], dim * mult[0]};
        boolean[] temporalUp = {temporalDown[2], temporalDown[1], temporalDown[0]};
        conv(s, "decoder.conv1", dec[0], z, 3, 3, 3);
        middle(s, "decoder.middle", dec[0]);
        n = 0;
        for (int i = 0; i < 4; i++) {
            long in = i == 0 ? dec[i] : dec[i] / 2;
            out = dec[i + 1];
            for (int r = 0; r < 3; r++) {
                residual(s, "decoder.upsamples." + n++, in, out);
                in = out;
            }
            if (i != 3) {
                resample(s, "decoder.upsamples." + n++, out, true, temporalUp[i]);
            }
        }
        s.put("decoder.head.0.gamma", new long[] {out, 1, 1, 1});
        conv(s, "decoder.head.2", 3, out, 3, 3, 3);
        return s;
    }

    private static void middle(Map<String, long[]> s, String p, long c) {
        residual(s, p + ".0", c, c);
        s.put(p + ".1.norm.gamma", new long[] {c, 1, 1});
        conv(s, p + ".1.to_qkv", 3 * c, c, 1, 1);
        conv(s, p + ".1.proj", c, c, 1, 1);
        residual(s, p + ".2", c, c);
    }

    private static void residual(Map<String, long[]> s, String p, long in, long out) {
        s.put(p + ".residual.0.gamma", new long[] {in, 1, 1, 1});
        conv(s, p + ".residual.2", out, in, 3, 3, 3);
        s.put(p + ".residual.3.gamma", new long[] {out, 1, 1, 1});
        conv(s, p + ".residual.6", out, out, 3, 3, 3);
        if (in != out) {
            conv(s, p + ".shortcut", out, in, 1, 1, 1);
        }
    }

    private static void resample(Map<String, long[]> s, String p, long c, boolean up, boolean temporal) {
        conv(s, p + ".resample.1", up ? c / 2 : c, c, 3, 3);
        if (temporal) {
            conv(s, p + ".time_conv", up ? 2 * c : c, c, 3, 1, 1);
        }
    }

    private static void conv(Map<String, long[]> s, String p, long... weight) {
        s.put(p + ".weight", weight);
        s.put(p + ".bias", new long[] {weight[0]});
    }

    /**
     * Random weights of these shapes: uniform in +-1/sqrt(fan in) (PyTorch's default range, so activations stay of
     * order one through the network), norm gains 1; generated from the key's hash whenever written, never held.
     */
    static Weights random(Map<String, long[]> shapes, String source) {
        return new Weights() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public Set<String> names() {
                return shapes.keySet();
            }

            @Override
            public long[] shape(String name) {
                require(name);
                return shapes.get(name).clone();
            }

            @Override
            public TensorData data(String name) {
                long[] s = shape(name);
                long count = 1;
                for (long d : s) {
                    count *= d;
                }
                long size = count;
                boolean gain = name.endsWith("gamma");
                long fanIn = s.length > 1 ? size / s[0] : 1;
                double bound = 1 / Math.sqrt(fanIn);
                return new TensorData() {
                    @Override
                    public long size() {
                        return size;
                    }

                    @Override
                    public void writeTo(FloatSink sink) throws IOException {
                        SplittableRandom r = new SplittableRandom(name.hashCode());
                        FloatBuffer chunk = FloatBuffer.allocate((int) Math.min(size, 1 << 16));
                        for (long done = 0; done < size;) {
                            chunk.clear();
                            int n = (int) Math.min(chunk.capacity(), size - done);
                            for (int i = 0; i < n; i++) {
                                chunk.put(gain ? 1f : (float) ((r.nextDouble() * 2 - 1) * bound));
                            }
                            chunk.flip();
                            sink.accept(chunk);
                            done += n;
                        }
                    }
                };
            }
        };
    }
}
