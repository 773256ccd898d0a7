package scope.pipeline.wan;

import java.util.SplittableRandom;

/**
 * Reproducible standard-normal noise: SplittableRandom (specified by the JDK, identical everywhere) with the
 * Marsaglia polar method (Box-Muller without the sine and cosine, the bulk of the host time per block). The same
 * seed gives the same sequence on a given JVM build; across JVMs only Math.log may differ, by at most an ulp.
 */
public final class GaussianNoise {
    private final SplittableRandom random;

    public GaussianNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public void fill(float[] out) {
        for (int i = 0; i < out.length; i += 2) {
            double u;
            double v;
            double s;
            do {
                u = 2 * random.nextDouble() - 1;
                v = 2 * random.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double r = Math.sqrt(-2.0 * Math.log(s) / s);
            out[i] = (float) (u * r);
            if (i + 1 < out.length) {
                out[i + 1] = (float) (v * r);
            }
        }
    }

    public float[] next(int n) {
        float[] out = new float[n];
        fill(out);
        return out;
    }
}
