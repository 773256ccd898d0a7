package scope.pipeline.wan.convert;

import java.util.Map;

/** The small pieces every DiT building block uses: linear layers from the state dict, norms, activations. */
final class Nodes {
    final GraphOps g;
    final DitWeights w;

    Nodes(GraphOps g, DitWeights w) {
        this.g = g;
        this.w = w;
    }

    /** {@code x W^T + b} for {@code <key>.weight} [out, in] and {@code <key>.bias}; x [..., in]. */
    String linear(String x, String key) {
        long[] shape = w.shape(key + ".weight", 2);
        int out = (int) shape[0];
        int in = (int) shape[1];
        float[] weight = w.floats(key + ".weight");
        float[] transposed = new float[weight.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = weight[o * in + i];
            }
        }
        String y = g.op("MatMul", x, g.weight(key + ".weight", transposed, in, out));
        return g.op("Add", y, g.weight(key + ".bias", w.floats(key + ".bias"), out));
    }

    /** Layer norm over the last axis without affine parameters (Wan's norm1/norm2/head norm). */
    String layerNorm(String x, double eps) {
        String mean = reduceMean(x);
        String centred = g.op("Sub", x, mean);
        String variance = reduceMean(g.op("Mul", centred, centred));
        String std = g.op("Sqrt", g.op("Add", variance, g.scalar((float) eps)));
        return g.op("Div", centred, std);
    }

    /** Layer norm with {@code <key>.weight} and {@code <key>.bias}. */
    String layerNorm(String x, double eps, String key) {
        String n = layerNorm(x, eps);
        int dim = (int) w.shape(key + ".weight", 1)[0];
        return g.op("Add", g.op("Mul", n, g.weight(key + ".weight", w.floats(key + ".weight"), dim)),
                g.weight(key + ".bias", w.floats(key + ".bias"), dim));
    }

    /** RMS norm over the last axis, times {@code <key>.weight}: x / sqrt(mean(x^2) + eps) * weight. */
    String rmsNorm(String x, double eps, String key) {
        String ms = reduceMean(g.op("Mul", x, x));
        String n = g.op("Div", x, g.op("Sqrt", g.op("Add", ms, g.scalar((float) eps))));
        int dim = (int) w.shape(key + ".weight", 1)[0];
        return g.op("Mul", n, g.weight(key + ".weight", w.floats(key + ".weight"), dim));
    }

    String reduceMean(String x) {
        return g.node("ReduceMean", new String[] {x}, null, Map.of("axes", new long[] {-1}, "keepdims", 1L));
    }

    /** GELU with the tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    String geluTanh(String x) {
        String cube = g.op("Mul", g.op("Mul", x, x), x);
        String inner = g.op("Mul", g.op("Add", x, g.op("Mul", cube, g.scalar(0.044715f))),
                g.scalar((float) Math.sqrt(2 / Math.PI)));
        String t = g.op("Add", g.op("Tanh", inner), g.scalar(1f));
        return g.op("Mul", g.op("Mul", x, t), g.scalar(0.5f));
    }

    String silu(String x) {
        return g.op("Mul", x, g.op("Sigmoid", x));
    }

    /** Row i of a [rows, dim] value, as [dim]. */
    String row(String x, int i) {
        return g.node("Gather", new String[] {x, g.longs(i)}, null, Map.of("axis", 0L));
    }

    /** x (1 + scale) + shift. */
    String modulate(String x, String shift, String scale) {
        return g.op("Add", g.op("Mul", x, g.op("Add", scale, g.scalar(1f))), shift);
    }

    String reshape(String x, String shape) {
        return g.op("Reshape", x, shape);
    }

    String transpose(String x, long... perm) {
        return g.node("Transpose", new String[] {x}, null, Map.of("perm", perm));
    }

    String concat(long axis, String... parts) {
        return g.node("Concat", parts, null, Map.of("axis", axis));
    }

    /** Softmax(q k^T / sqrt(d) + bias) v over [heads, len, d] values; bias broadcast to the scores or null. */
    String attention(String q, String k, String v, String bias, int headDim) {
        String scores = g.op("MatMul", q, transpose(k, 0, 2, 1));
        scores = g.op("Mul", scores, g.scalar((float) (1 / Math.sqrt(headDim))));
        if (bias != null) {
            scores = g.op("Add", scores, bias);
        }
        String p = g.node("Softmax", new String[] {scores}, null, Map.of("axis", -1L));
        return g.op("MatMul", p, v);
    }
}
