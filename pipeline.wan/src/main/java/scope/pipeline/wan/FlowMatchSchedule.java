package scope.pipeline.wan;

import java.util.List;

/**
 * The denoising schedule: Scope's {@code denoising_step_list} (integers up to 1000) mapped to shifted flow-matching
 * noise levels, sigma = shift*s / (1 + (shift-1)*s) with s = step/1000; the model's timestep is 1000*sigma.
 */
public final class FlowMatchSchedule {
    private final double[] sigmas;

    public FlowMatchSchedule(List<Integer> steps, double shift) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("denoising_step_list is empty");
        }
        sigmas = new double[steps.size()];
        for (int i = 0; i < sigmas.length; i++) {
            double s = Math.max(0, Math.min(1000, steps.get(i))) / 1000.0;
            sigmas[i] = shift * s / (1 + (shift - 1) * s);
        }
    }

    public int size() {
        return sigmas.length;
    }

    public double sigma(int i) {
        return sigmas[i];
    }

    /** The timestep fed to the model at step i. */
    public float timestep(int i) {
        return (float) (sigmas[i] * 1000);
    }

    /** x0 = x_t - sigma * v: the clean prediction from a flow (velocity) prediction. */
    public static void toX0(float[] xt, float[] flow, double sigma, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (xt[i] - sigma * flow[i]);
        }
    }

    /** x_t = (1 - sigma) * x0 + sigma * noise: re-noising a clean prediction to the next level. */
    public static void renoise(float[] x0, float[] noise, double sigma, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((1 - sigma) * x0[i] + sigma * noise[i]);
        }
    }
}
