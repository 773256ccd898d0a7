package scope.pipeline.depth;

/**
 * Turns per-frame relative depth into a steady [0,1] depth video. Depth Anything predicts relative depth whose
 * scale and offset jump from frame to frame, so a per-frame min-max normalisation flickers. Two exponential moving
 * averages damp that: one over the normalisation range (the running min and max), and one over the normalised
 * depth map itself. {@link #reset()} starts over (new stream, size change).
 */
final class TemporalSmoother {
    private final float rangeMomentum;
    private final float mapMomentum;
    private float lo;
    private float hi;
    private float[] previous;
    private int width;
    private int height;

    /**
     * @param rangeMomentum weight of the previous min/max in the range average (0 = per-frame range)
     * @param mapMomentum   weight of the previous normalised map (0 = no blending of maps)
     */
    TemporalSmoother(float rangeMomentum, float mapMomentum) {
        if (rangeMomentum < 0 || rangeMomentum >= 1 || mapMomentum < 0 || mapMomentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0,1)");
        }
        this.rangeMomentum = rangeMomentum;
        this.mapMomentum = mapMomentum;
    }

    void reset() {
        previous = null;
    }

    /** Normalises one depth map ({@code w x h}) into a new array with values in [0,1] and remembers it. */
    float[] apply(float[] depth, int w, int h) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : depth) {
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        boolean first = previous == null || w != width || h != height;
        if (first) {
            lo = min;
            hi = max;
        } else {
            lo = rangeMomentum * lo + (1 - rangeMomentum) * min;
            hi = rangeMomentum * hi + (1 - rangeMomentum) * max;
        }
        float span = Math.max(hi - lo, 1e-6f);
        float[] out = new float[depth.length];
        for (int i = 0; i < depth.length; i++) {
            float n = (depth[i] - lo) / span;
            n = n < 0 ? 0 : (n > 1 ? 1 : n);
            out[i] = first ? n : mapMomentum * previous[i] + (1 - mapMomentum) * n;
        }
        previous = out;
        width = w;
        height = h;
        return out;
    }
}
