package scope.pipeline.wan;

/**
 * Interpolation of prompt embeddings, row by row (one row = one token's vector): linear and spherical (slerp),
 * and the weighted blend of several prompts.
 */
public final class EmbeddingMath {
    private EmbeddingMath() {
    }

    /** Weights normalised to sum 1; all zero (or negative sum) gives equal weights. */
    public static double[] normalize(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += Math.max(0, w);
        }
        double[] out = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            out[i] = sum > 0 ? Math.max(0, weights[i]) / sum : 1.0 / weights.length;
        }
        return out;
    }

    /**
     * Spatial blend: slerp for exactly two prompts with {@code slerp} (t = second weight), otherwise the weighted
     * sum of rows rescaled to the weighted average of their norms.
     */
    public static float[] blend(float[][] embeddings, double[] weights, boolean slerp, int rowLength) {
        double[] w = normalize(weights);
        if (embeddings.length == 1) {
            return embeddings[0].clone();
        }
        if (slerp && embeddings.length == 2) {
            return interpolate(embeddings[0], embeddings[1], w[1], true, rowLength);
        }
        int n = embeddings[0].length;
        float[] out = new float[n];
        for (int r = 0; r < n; r += rowLength) {
            double avgNorm = 0;
            for (int k = 0; k < embeddings.length; k++) {
                avgNorm += w[k] * norm(embeddings[k], r, rowLength);
                for (int i = r; i < r + rowLength; i++) {
                    out[i] += (float) (w[k] * embeddings[k][i]);
                }
            }
            double sumNorm = norm(out, r, rowLength);
            if (sumNorm > 1e-12) {
                float scale = (float) (avgNorm / sumNorm);
                for (int i = r; i < r + rowLength; i++) {
                    out[i] *= scale;
                }
            }
        }
        return out;
    }

    /** {@code a} to {@code b} at t in [0,1], linearly or by slerp (linear where rows are nearly parallel). */
    public static float[] interpolate(float[] a, float[] b, double t, boolean slerp, int rowLength) {
        float[] out = new float[a.length];
        for (int r = 0; r < a.length; r += rowLength) {
            double wa = 1 - t;
            double wb = t;
            if (slerp) {
                double na = norm(a, r, rowLength);
                double nb = norm(b, r, rowLength);
                if (na > 1e-12 && nb > 1e-12) {
                    double dot = 0;
                    for (int i = r; i < r + rowLength; i++) {
                        dot += (double) a[i] * b[i];
                    }
                    double cos = Math.max(-1, Math.min(1, dot / (na * nb)));
                    double theta = Math.acos(cos);
                    if (Math.sin(theta) > 1e-6) {
                        wa = Math.sin((1 - t) * theta) / Math.sin(theta);
                        wb = Math.sin(t * theta) / Math.sin(theta);
                    }
                }
            }
            for (int i = r; i < r + rowLength; i++) {
                out[i] = (float) (wa * a[i] + wb * b[i]);
            }
        }
        return out;
    }

    static double norm(float[] v, int from, int length) {
        double s = 0;
        for (int i = from; i < from + length; i++) {
            s += (double) v[i] * v[i];
        }
        return Math.sqrt(s);
    }
}
