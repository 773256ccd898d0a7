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
        var g = n.g;
        String m = g.add(g.reshape(n.weight("head.modulation", 1, 2, c.dim()), 2, c.dim()), e);
        String y = n.linear(n.modulate(n.layerNorm(x, c.dim(), c.eps()), n.row(m, 0), n.row(m, 1)), "head.head");
        int[] p = c.patch();
        String grid = g.concat(0, f, h, w, g.longs(p[0], p[1], p[2], c.outDim()));
        String patches = g.transpose(g.reshapeTo(y, grid), 6, 0, 3, 1, 4, 2, 5);
        String shape = g.concat(0, g.longs(1, c.outDim()), g.mul(f, g.longs(p[0])), g.mul(h, g.longs(p[1])),
                g.mul(w, g.longs(p[2])));
        return g.reshapeTo(patches, shape);
    }
}
