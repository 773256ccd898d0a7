package scope.graph;

/**
 * Layers shared by the model converters, written once over {@link GraphBuilder}. Weights follow PyTorch's layout
 * (a Linear weight is [out, in]); activations are in the builder's compute type, and norms and softmax are
 * computed in float32 at reduced precision, as the PyTorch models do.
 */
public final class Layers {
    private Layers() {
    }

    /**
     * {@code x W^T + b} over the last axis of {@code x} (any rank), for a PyTorch Linear: {@code weight} is
     * [out, in] and stored transposed; {@code bias} [out] may be null.
     */
    public static String linear(GraphBuilder g, String x, String name, TensorData weight, long out, long in,
            TensorData bias) {
        String w = g.weight(name + ".weight", TensorData.transposed(weight, out, in), in, out);
        String y = g.matMul(x, w);
        return bias == null ? y : g.add(y, g.weight(name + ".bias", bias, out));
    }

    /**
     * RMS norm over the last axis: {@code weight * (x / sqrt(mean(x^2) + eps))} (T5's LayerNorm, Wan's RMSNorm;
     * {@code weight} may be null for none). Computed in float32 and cast back to the compute type before the
     * weight.
     */
    public static String rmsNorm(GraphBuilder g, String x, String weight, float eps) {
        String xf = toFloat32(g, x);
        String meanSquare = g.reduceMean(g.mul(xf, xf), true, -1);
        String inverse = g.reciprocal(g.sqrt(g.add(meanSquare, g.scalar32(eps))));
        String normed = fromFloat32(g, g.mul(xf, inverse));
        return weight == null ? normed : g.mul(weight, normed);
    }

    /**
     * Layer norm over the last axis (mean and variance, opset 17's LayerNormalization), in float32; {@code scale}
     * and {@code bias} of shape [dim] in the compute type, either may be null (then 1 and 0).
     */
    public static String layerNorm(GraphBuilder g, String x, long dim, String scale, String bias, float eps) {
        String xf = toFloat32(g, x);
        float[] ones = new float[(int) dim];
        java.util.Arrays.fill(ones, 1f);
        String unit = g.float32(ones, dim);
        String normed = fromFloat32(g, g.op("LayerNormalization", java.util.List.of(xf, unit),
                Attributes.integer("axis", -1), Attributes.floating("epsilon", eps)));
        String y = scale == null ? normed : g.mul(normed, scale);
        return bias == null ? y : g.add(y, bias);
    }

    /** GELU, tanh approximation, written out: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    public static String geluTanh(GraphBuilder g, String x) {
        String cube = g.mul(g.mul(x, x), x);
        String inner = g.mul(g.scalar((float) Math.sqrt(2.0 / Math.PI)), g.add(x, g.mul(g.scalar(0.044715f), cube)));
        String halfX = g.mul(g.scalar(0.5f), x);
        return g.mul(halfX, g.add(g.scalar(1f), g.tanh(inner)));
    }

    /**
     * Multi-head attention over already projected {@code q} [B,Lq,H*D], {@code k}, {@code v} [B,Lk,H*D]:
     * {@code softmax(q k^T scale + bias) v}, heads joined back to [B,Lq,H*D].
     *
     * @param scale   multiplies the scores; null for none (T5)
     * @param bias    additive score bias broadcastable to [B,H,Lq,Lk] (e.g. [1,H,Lq,Lk]); null for none
     * @param keyMask bool [B,Lk], false for keys not to attend to: their bias is replaced by float32's lowest
     *                value before it is added (PyTorch's {@code masked_fill(mask == 0, finfo.min)}); null for none
     */
    public static String attention(GraphBuilder g, String q, String k, String v, long heads, long headDim,
            Float scale, String bias, String keyMask) {
        String qh = g.transpose(g.reshape(q, 0, -1, heads, headDim), 0, 2, 1, 3);
        String kt = g.transpose(g.reshape(k, 0, -1, heads, headDim), 0, 2, 3, 1);
        String vh = g.transpose(g.reshape(v, 0, -1, heads, headDim), 0, 2, 1, 3);
        String scores = toFloat32(g, g.matMul(qh, kt));
        if (scale != null) {
            scores = g.mul(scores, g.scalar32(scale));
        }
        if (keyMask != null) {
            String mask = g.unsqueeze(keyMask, 1, 2);
            String kept = bias == null ? g.scalar32(0f) : toFloat32(g, bias);
            scores = g.add(scores, g.where(mask, kept, g.scalar32(-Float.MAX_VALUE)));
        } else if (bias != null) {
            scores = g.add(scores, toFloat32(g, bias));
        }
        String weights = fromFloat32(g, g.softmax(scores, -1));
        String out = g.matMul(weights, vh);
        return g.reshape(g.transpose(out, 0, 2, 1, 3), 0, -1, heads * headDim);
    }

    private static String toFloat32(GraphBuilder g, String x) {
        return g.computeType() == DataType.FLOAT ? x : g.cast(x, DataType.FLOAT);
    }

    private static String fromFloat32(GraphBuilder g, String x) {
        return g.computeType() == DataType.FLOAT ? x : g.cast(x, g.computeType());
    }
}
