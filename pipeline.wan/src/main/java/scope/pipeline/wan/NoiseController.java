package scope.pipeline.wan;

/**
 * Scope's motion-based noise controller: motion = clamp(max RMS difference between consecutive input frames / 0.2,
 * 0, 1); noise_scale = 0.9 * (0.8 - 0.2 * motion) + 0.1 * previous noise_scale.
 */
public final class NoiseController {
    private Double previous;

    /** The noise scale for this clip ({@code [1, 3, T, H, W]} in [-1, 1]); {@code requested} seeds the first one. */
    public double update(HostTensor clip, double requested) {
        double prev = previous != null ? previous : requested;
        double next = 0.9 * (0.8 - 0.2 * motion(clip)) + 0.1 * prev;
        previous = next;
        return next;
    }

    public void reset() {
        previous = null;
    }

    static double motion(HostTensor clip) {
        int t = (int) clip.dim(2);
        int plane = (int) (clip.dim(3) * clip.dim(4));
        float[] d = clip.floatData();
        double max = 0;
        for (int f = 1; f < t; f++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                int a = (c * t + f) * plane;
                int b = (c * t + f - 1) * plane;
                for (int p = 0; p < plane; p++) {
                    double diff = d[a + p] - d[b + p];
                    sum += diff * diff;
                }
            }
            max = Math.max(max, Math.sqrt(sum / (3.0 * plane)));
        }
        return Math.min(1, max / 0.2);
    }
}
