package scope.pipeline.wan.convert;

import scope.graph.DataType;

/**
 * The timestep's embedding: a sinusoid in double ({@code [cos, sin]} of {@code t * 10000^(-j/half)}, as upstream),
 * then {@code time_embedding} (Linear, SiLU, Linear) = e [1, dim], and {@code time_projection} (SiLU, Linear) = the
 * six modulation vectors e0 [6, dim]. One timestep for every frame of a call (upstream's per-frame values are
 * equal).
 */
final class TimeEmbedding {
    final String e;
    final String e0;

    TimeEmbedding(Nodes n, DitConfig c, String timestep) {
        var g = n.g;
        int half = c.freqDim() / 2;
        // each double frequency as a float pair hi + lo, summed in double: exact enough for t up to 1000
        float[] hi = new float[half];
        float[] lo = new float[half];
        for (int j = 0; j < half; j++) {
            double f = Math.pow(10000, -(double) j / half);
            hi[j] = (float) f;
            lo[j] = (float) (f - hi[j]);
        }
        String freqs = g.add(g.cast(g.float32("time_freq_hi", scope.graph.TensorData.of(hi), 1, half), DataType.DOUBLE),
                g.cast(g.float32("time_freq_lo", scope.graph.TensorData.of(lo), 1, half), DataType.DOUBLE));
        String t = g.reshape(g.cast(timestep, DataType.DOUBLE), 1, 1);
        String arg = g.mul(t, freqs);
        String sinusoid = g.cast(g.concat(1, g.cos(arg), g.sin(arg)), g.computeType());
        e = n.linear(n.silu(n.linear(sinusoid, "time_embedding.0")), "time_embedding.2");
        e0 = g.reshape(n.linear(n.silu(e), "time_projection.1"), 6, c.dim());
    }
}
