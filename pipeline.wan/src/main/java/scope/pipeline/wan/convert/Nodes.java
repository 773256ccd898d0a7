package scope.pipeline.wan.convert;

import scope.graph.GraphBuilder;
import scope.graph.Layers;

/** The pieces every DiT building block uses: the state dict's layers on the graph builder, modulation, rows. */
final class Nodes {
    final GraphBuilder g;
    final Weights w;

    Nodes(GraphBuilder g, Weights w) {
        this.g = g;
        this.w = w;
    }

    /** {@code x W^T + b} for {@code <key>.weight} [out, in] and {@code <key>.bias}; x [..., in]. */
    String linear(String x, String key) {
        long[] shape = w.shape(key + ".weight", 2);
        w.expect(key + ".bias", shape[0]);
        return Layers.linear(g, x, key, w.data(key + ".weight"), shape[0], shape[1], w.data(key + ".bias"));
    }

    /** A weight of the state dict under its own key, viewed with the given dims. */
    String weight(String key, long... dims) {
        return g.weight(key, w.data(key), dims);
    }

    /** Layer norm over the last axis without affine parameters (Wan's norm1, norm2 and head norm). */
    String layerNorm(String x, long dim, double eps) {
        return Layers.layerNorm(g, x, dim, null, null, (float) eps);
    }

    /** Layer norm with {@code <key>.weight} and {@code <key>.bias} (Wan's norm3). */
    String layerNorm(String x, long dim, double eps, String key) {
        return Layers.layerNorm(g, x, dim, weight(key + ".weight", dim), weight(key + ".bias", dim), (float) eps);
    }

    /** RMS norm over the last axis times {@code <key>.weight} (Wan's q/k norms). */
    String rmsNorm(String x, long dim, double eps, String key) {
        return Layers.rmsNorm(g, x, weight(key + ".weight", dim), (float) eps);
    }

    String silu(String x) {
        return g.mul(x, g.sigmoid(x));
    }

    /** Row i of a [rows, dim] value, as [dim]. */
    String row(String x, int i) {
        return g.gather(x, g.longs(i), 0);
    }

    /** x (1 + scale) + shift. */
    String modulate(String x, String shift, String scale) {
        return g.add(g.mul(x, g.add(scale, g.scalar(1f))), shift);
    }
}
