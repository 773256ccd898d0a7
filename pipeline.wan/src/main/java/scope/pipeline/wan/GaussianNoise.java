package scope.pipeline.wan;

import java.util.SplittableRandom;

/**
 * Reproducible standard-normal noise: SplittableRandom (specified by the JDK, identical everywhere) with the
 * Box-Muller transform. The same seed gives the same sequence on every JVM.
 */
public final class GaussianNoise {
    private final SplittableRandom random;

    public GaussianNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public void fill(float[] out) {
        for (int i = 0; i < out.length; i += 2) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            out[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < out.length) {
                out[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
    }

    public float[] next(int n) {
        float[] out = new float[n];
        fill(out);
        return out;
    }
}
