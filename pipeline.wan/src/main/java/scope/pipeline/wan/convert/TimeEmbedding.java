package scope.pipeline.wan.convert;

import java.util.Map;

/**
 * The timestep's embedding: a sinusoid in double ({@code [cos, sin]} of {@code t * 10000^(-j/half)}), then
 * {@code time_embedding} (Linear, SiLU, Linear) = e [1, dim], and {@code time_projection} (SiLU, Linear) = the six
 * modulation vectors e0 [6, dim]. One timestep for every frame of a call (upstream's per-frame values are equal).
 */
final class TimeEmbedding {
    final String e;
    final String e0;

    TimeEmbedding(Nodes n, DitConfig c, String timestep) {
        int half = c.freqDim() / 2;
        double[] freqs = new double[half];
        for (int j = 0; j < half; j++) {
            freqs[j] = Math.pow(10000, -(double) j / half);
        }
        String t = n.reshape(n.g.node("Cast", new String[] {timestep}, null, Map.of("to", (long) GraphOps.DOUBLE)),
                n.g.longs(1, 1));
        String arg = n.g.op("Mul", t, n.g.doubles(freqs, 1, half));
        String sinusoid = n.concat(1, n.g.op("Cos", arg), n.g.op("Sin", arg));
        String x = n.g.node("Cast", new String[] {sinusoid}, null, Map.of("to", (long) GraphOps.FLOAT));
        e = n.linear(n.silu(n.linear(x, "time_embedding.0")), "time_embedding.2");
        e0 = n.reshape(n.linear(n.silu(e), "time_projection.1"), n.g.longs(6, c.dim()));
    }
}
