package scope.pipeline.wan.convert;

import java.util.Map;

/**
 * Wan's 3-axis rotary position embedding as the causal models apply it: a head of {@code d} values is {@code d/2}
 * complex pairs of adjacent values (re, im); the first {@code c - 2(c/3)} pairs turn with the latent frame's
 * absolute position, the next {@code c/3} with the token's row, the last {@code c/3} with its column (c = d/2).
 * Each axis has its own frequencies {@code 10000^(-2j/n)}, n = twice its pair count, over a 1024-entry table.
 */
final class RotaryEmbedding {
    /** Positions each axis table covers (Scope's {@code max_rope_freq_table_seq_len}). */
    static final int TABLE = 1024;

    private final Nodes n;
    private final int heads;
    private final int pairs;
    private final String cos;
    private final String sin;

    /**
     * Builds the per-token cos/sin values {@code [L, 1, d/2]} for tokens in (frame, row, column) order.
     *
     * @param positions [F] int64 absolute latent-frame positions
     * @param f,h,w     1-d int64 sizes of the token grid
     */
    RotaryEmbedding(Nodes n, int heads, int headDim, String positions, String f, String h, String w) {
        this.n = n;
        this.heads = heads;
        this.pairs = headDim / 2;
        int hw = pairs / 3;
        int[] axis = {pairs - 2 * hw, hw, hw};
        String[] cosParts = new String[3];
        String[] sinParts = new String[3];
        String grid = n.concat(0, f, h, w);
        for (int a = 0; a < 3; a++) {
            double[][] table = table(axis[a]);
            String cosTable = n.g.weight("rope_cos_" + a, toFloats(table[0]), TABLE, axis[a]);
            String sinTable = n.g.weight("rope_sin_" + a, toFloats(table[1]), TABLE, axis[a]);
            String index;
            long[] view;
            if (a == 0) {
                index = positions;
                view = new long[] {-1, 1, 1, axis[a]};
            } else {
                index = n.g.node("Range", new String[] {n.g.longs(0), a == 1 ? scalarOf(h) : scalarOf(w),
                        n.g.longs(1)}, null, Map.of());
                view = a == 1 ? new long[] {1, -1, 1, axis[a]} : new long[] {1, 1, -1, axis[a]};
            }
            String full = n.concat(0, grid, n.g.longs(axis[a]));
            cosParts[a] = n.g.op("Expand", n.reshape(gather(cosTable, index), n.g.longs(view)), full);
            sinParts[a] = n.g.op("Expand", n.reshape(gather(sinTable, index), n.g.longs(view)), full);
        }
        long[] perToken = {-1, 1, pairs};
        this.cos = n.reshape(n.concat(-1, cosParts), n.g.longs(perToken));
        this.sin = n.reshape(n.concat(-1, sinParts), n.g.longs(perToken));
    }

    private String gather(String table, String index) {
        return n.g.node("Gather", new String[] {table, index}, null, Map.of("axis", 0L));
    }

    private String scalarOf(String oneD) {
        return n.g.node("Squeeze", new String[] {oneD, n.g.longs(0)}, null, Map.of());
    }

    /** {@code [cos, sin]} of {@code p / 10000^(2j/n)} for p < 1024, j < pairs, n = 2 pairs, in double. */
    static double[][] table(int axisPairs) {
        double[] cos = new double[TABLE * axisPairs];
        double[] sin = new double[TABLE * axisPairs];
        int dim = 2 * axisPairs;
        for (int j = 0; j < axisPairs; j++) {
            double freq = 1.0 / Math.pow(10000, (double) (2 * j) / dim);
            for (int p = 0; p < TABLE; p++) {
                double angle = p * freq;
                cos[p * axisPairs + j] = Math.cos(angle);
                sin[p * axisPairs + j] = Math.sin(angle);
            }
        }
        return new double[][] {cos, sin};
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** Rotates x [L, heads*d] (queries or keys of the tokens the tables were built for). */
    String apply(String x) {
        String pairsView = n.reshape(x, n.g.longs(-1, heads, pairs, 2));
        String re = n.g.node("Gather", new String[] {pairsView, n.g.longs(0)}, null, Map.of("axis", 3L));
        String im = n.g.node("Gather", new String[] {pairsView, n.g.longs(1)}, null, Map.of("axis", 3L));
        // re, im: [L, heads, pairs, 1]; cos, sin: [L, 1, pairs] -> unsqueezed to [L, 1, pairs, 1]
        String c = n.g.node("Unsqueeze", new String[] {cos, n.g.longs(3)}, null, Map.of());
        String s = n.g.node("Unsqueeze", new String[] {sin, n.g.longs(3)}, null, Map.of());
        String outRe = n.g.op("Sub", n.g.op("Mul", re, c), n.g.op("Mul", im, s));
        String outIm = n.g.op("Add", n.g.op("Mul", re, s), n.g.op("Mul", im, c));
        return n.reshape(n.concat(3, outRe, outIm), n.g.longs(-1, (long) heads * pairs * 2));
    }
}
