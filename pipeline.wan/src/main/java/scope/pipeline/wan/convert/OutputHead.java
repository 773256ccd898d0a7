package scope.pipeline.wan.convert;

/**
 * The head: layer norm modulated by {@code head.modulation + e} (shift, scale), a linear layer to
 * {@code pt*ph*pw*out} values per token, and the un-patchify back to latents {@code [1, out, F*pt, h*ph, w*pw]}
 * (token values are ordered (pt, ph, pw, channel)).
 */
final class OutputHead {
    private OutputHead() {
    }

    static String build(Nodes n, DitConfig c, String x, String e, String f, String h, String w) {
        String m = n.g.op("Add", n.reshape(n.g.weight("head.modulation", n.w.floats("head.modulation"), 1, 2, c.dim()),
                n.g.longs(2, c.dim())), e);
        String y = n.linear(n.modulate(n.layerNorm(x, c.eps()), n.row(m, 0), n.row(m, 1)), "head.head");
        int[] p = c.patch();
        String grid = n.concat(0, f, h, w, n.g.longs(p[0], p[1], p[2], c.outDim()));
        String patches = n.transpose(n.reshape(y, grid), 6, 0, 3, 1, 4, 2, 5);
        String shape = n.concat(0, n.g.longs(1, c.outDim()), n.g.op("Mul", f, n.g.longs(p[0])),
                n.g.op("Mul", h, n.g.longs(p[1])), n.g.op("Mul", w, n.g.longs(p[2])));
        return n.reshape(patches, shape);
    }
}
