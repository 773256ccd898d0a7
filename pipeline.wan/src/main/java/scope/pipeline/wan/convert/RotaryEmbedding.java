package scope.pipeline.wan.convert;

import scope.graph.GraphBuilder;

/**
 * Wan's 3-axis rotary position embedding as the causal models apply it: a head of {@code d} values is {@code d/2}
 * complex pairs of adjacent values (re, im); the first {@code c - 2(c/3)} pairs turn with the latent frame's
 * absolute position, the next {@code c/3} with the token's row, the last {@code c/3} with its column (c = d/2).
 * Each axis has its own frequencies {@code 10000^(-2j/n)}, n = twice its pair count, over a 1024-entry table.
 */
final class RotaryEmbedding {
    /** Positions each axis table covers (Scope's {@code max_rope_freq_table_seq_len}). */
    static final int TABLE = 1024;

    private final GraphBuilder g;
    private final int heads;
    private final int pairs;
    private final String cos;
    private final String sin;

    /**
     * Builds the per-token cos/sin values {@code [L, 1, d/2, 1]} for tokens in (frame, row, column) order.
     *
     * @param positions [F] int64 absolute latent-frame positions
     * @param f,h,w     1-d int64 sizes of the token grid
     */
    RotaryEmbedding(GraphBuilder g, int heads, int headDim, String positions, String f, String h, String w) {
        this.g = g;
        this.heads = heads;
        this.pairs = headDim / 2;
        int hw = pairs / 3;
        int[] axis = {pairs - 2 * hw, hw, hw};
        String[] cosParts = new String[3];
        String[] sinParts = new String[3];
        String grid = g.concat(0, f, h, w);
        for (int a = 0; a < 3; a++) {
            float[][] table = table(axis[a]);
            String cosTable = g.weight("rope_cos_" + a, scope.graph.TensorData.of(table[0]), TABLE, axis[a]);
            String sinTable = g.weight("rope_sin_" + a, scope.graph.TensorData.of(table[1]), TABLE, axis[a]);
            String index;
            long[] view;
            if (a == 0) {
                index = positions;
                view = new long[] {-1, 1, 1, axis[a]};
            } else {
                index = g.op("Range", java.util.List.of(scalar(0), g.squeeze(a == 1 ? h : w, 0), scalar(1)));
                view = a == 1 ? new long[] {1, -1, 1, axis[a]} : new long[] {1, 1, -1, axis[a]};
            }
            String full = g.concat(0, grid, g.longs(axis[a]));
            cosParts[a] = g.expand(g.reshape(g.gather(cosTable, index, 0), view), full);
            sinParts[a] = g.expand(g.reshape(g.gather(sinTable, index, 0), view), full);
        }
        this.cos = g.reshape(g.concat(-1, cosParts), -1, 1, pairs, 1);
        this.sin = g.reshape(g.concat(-1, sinParts), -1, 1, pairs, 1);
    }

    /** An int64 scalar (rank 0). */
    private String scalar(long v) {
        return g.int64(new long[] {v});
    }

    /** {@code [cos, sin]} of {@code p / 10000^(2j/n)} for p < 1024, j < pairs, n = 2 pairs, computed in double. */
    static float[][] table(int axisPairs) {
        float[] cos = new float[TABLE * axisPairs];
        float[] sin = new float[TABLE * axisPairs];
        int dim = 2 * axisPairs;
        for (int j = 0; j < axisPairs; j++) {
            double freq = 1.0 / Math.pow(10000, (double) (2 * j) / dim);
            for (int p = 0; p < TABLE; p++) {
                double angle = p * freq;
                cos[p * axisPairs + j] = (float) Math.cos(angle);
                sin[p * axisPairs + j] = (float) Math.sin(angle);
            }
        }
        return new float[][] {cos, sin};
    }

    /** Rotates x [L, heads*d] (queries or keys of the tokens the tables were built for). */
    String apply(String x) {
        String view = g.reshape(x, -1, heads, pairs, 2);
        // re, im: [L, heads, pairs, 1]
        String re = g.gather(view, g.longs(0), 3);
        String im = g.gather(view, g.longs(1), 3);
        String outRe = g.sub(g.mul(re, cos), g.mul(im, sin));
        String outIm = g.add(g.mul(re, sin), g.mul(im, cos));
        return g.reshape(g.concat(3, outRe, outIm), -1, (long) heads * pairs * 2);
    }
}
