package scope.pipeline.wan;

import java.nio.FloatBuffer;
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
        // float arithmetic over plain arrays, so the JIT vectorizes the loop
        float s = (float) sigma;
        for (int i = 0; i < out.length; i++) {
            out[i] = xt[i] - s * flow[i];
        }
    }

    /**
     * One step in place on latents in a direct buffer (the DiT reads them there): x0 = x_t - sigma v, then
     * x_t = (1 - next) x0 + next * noise. One pass, as the intermediate x0 is not needed; the same float operations
     * as {@link #toX0} then {@link #renoise}.
     */
    public static void step(FloatBuffer xt, HostTensor flow, double sigma, float[] noise, double nextSigma) {
        FloatBuffer v = readable(flow);
        float s = (float) sigma;
        float keep = (float) (1 - nextSigma);
        float next = (float) nextSigma;
        for (int i = 0; i < noise.length; i++) {
            float x0 = xt.get(i) - s * v.get(i);
            xt.put(i, keep * x0 + next * noise[i]);
        }
    }

    /** The last step's clean prediction, x0 = x_t - sigma v, between direct buffers. */
    public static void toX0(FloatBuffer xt, HostTensor flow, double sigma, FloatBuffer out) {
        FloatBuffer v = readable(flow);
        float s = (float) sigma;
        for (int i = 0; i < out.capacity(); i++) {
            out.put(i, xt.get(i) - s * v.get(i));
        }
    }

    private static FloatBuffer readable(HostTensor t) {
        return t.directBuffer() != null ? t.directBuffer() : FloatBuffer.wrap(t.floatData());
    }

    /** x_t = (1 - sigma) * x0 + sigma * noise: re-noising a clean prediction to the next level. */
    public static void renoise(float[] x0, float[] noise, double sigma, float[] out) {
        float keep = (float) (1 - sigma);
        float s = (float) sigma;
        for (int i = 0; i < out.length; i++) {
            out[i] = keep * x0[i] + s * noise[i];
        }
    }
}
