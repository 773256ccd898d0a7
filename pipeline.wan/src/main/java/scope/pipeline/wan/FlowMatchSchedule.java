package scope.pipeline.wan;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * The denoising schedule as Scope's {@code FlowMatchScheduler(shift, sigma_min=0, extra_one_step=True)} with
 * {@code set_timesteps(1000, training=True)} defines it: a table of 1000 noise levels
 * {@code sigma = shift*s / (1 + (shift-1)*s)} over {@code s = linspace(1, 0, 1001)[:-1]} and timesteps
 * {@code 1000*sigma}, all float32. The model receives the raw step of {@code denoising_step_list} (1000, 750, ...);
 * the step's sigma is the table entry whose timestep is nearest to it (for 750: 0.75000006).
 */
public final class FlowMatchSchedule {
    /** Entries of the table (Scope's 1000 training timesteps). */
    public static final int TABLE_SIZE = 1000;

    private final float[] steps;
    private final float[] sigmas;

    public FlowMatchSchedule(List<Integer> stepList, double shift) {
        if (stepList.isEmpty()) {
            throw new IllegalArgumentException("denoising_step_list is empty");
        }
        float[][] table = table((float) shift);
        steps = new float[stepList.size()];
        sigmas = new float[stepList.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = stepList.get(i);
            sigmas[i] = table[0][nearest(table[1], steps[i])];
        }
    }

    /**
     * The table {@code [sigmas, timesteps]}, computed with torch's float32 operations: linspace (from both ends,
     * as torch does), then shift, then times 1000.
     */
    public static float[][] table(float shift) {
        float[] sigmas = new float[TABLE_SIZE];
        float[] timesteps = new float[TABLE_SIZE];
        int points = TABLE_SIZE + 1;
        float step = (0f - 1f) / (points - 1);
        int halfway = points / 2;
        for (int i = 0; i < TABLE_SIZE; i++) {
            float s = i < halfway ? 1f + step * i : 0f - step * (points - 1 - i);
            float shifted = shift * s / (1f + (shift - 1f) * s);
            sigmas[i] = shifted;
            timesteps[i] = shifted * 1000f;
        }
        return new float[][] {sigmas, timesteps};
    }

    /** argmin |timesteps - t| (the first on a tie), as Scope's lookup. */
    private static int nearest(float[] timesteps, double t) {
        int best = 0;
        for (int i = 1; i < timesteps.length; i++) {
            if (Math.abs(timesteps[i] - t) < Math.abs(timesteps[best] - t)) {
                best = i;
            }
        }
        return best;
    }

    public int size() {
        return steps.length;
    }

    /** The step's noise level (a float32 table value). */
    public double sigma(int i) {
        return sigmas[i];
    }

    /** The timestep fed to the model at step i: the step itself. */
    public float timestep(int i) {
        return steps[i];
    }

    /** x0 = x_t - sigma * v, in double and rounded to float once, as Scope's wrapper does. */
    public static void toX0(float[] xt, float[] flow, double sigma, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (xt[i] - sigma * flow[i]);
        }
    }

    /**
     * One step in place on latents in a direct buffer (the DiT reads them there): x0 = x_t - sigma v (double,
     * rounded to float), then x_t = (1 - next) x0 + next * noise (float). One pass, as the intermediate x0 is not
     * needed; the same operations as {@link #toX0} then {@link #renoise}.
     */
    public static void step(FloatBuffer xt, HostTensor flow, double sigma, float[] noise, double nextSigma) {
        FloatBuffer v = readable(flow);
        float next = (float) nextSigma;
        float keep = 1f - next;
        for (int i = 0; i < noise.length; i++) {
            float x0 = (float) (xt.get(i) - sigma * v.get(i));
            xt.put(i, keep * x0 + next * noise[i]);
        }
    }

    /** The last step's clean prediction, x0 = x_t - sigma v, between direct buffers. */
    public static void toX0(FloatBuffer xt, HostTensor flow, double sigma, FloatBuffer out) {
        FloatBuffer v = readable(flow);
        for (int i = 0; i < out.capacity(); i++) {
            out.put(i, (float) (xt.get(i) - sigma * v.get(i)));
        }
    }

    private static FloatBuffer readable(HostTensor t) {
        return t.directBuffer() != null ? t.directBuffer() : FloatBuffer.wrap(t.floatData());
    }

    /** x_t = (1 - sigma) * x0 + sigma * noise in float: re-noising a clean prediction to the next level. */
    public static void renoise(float[] x0, float[] noise, double sigma, float[] out) {
        float s = (float) sigma;
        float keep = 1f - s;
        for (int i = 0; i < out.length; i++) {
            out[i] = keep * x0[i] + s * noise[i];
        }
    }
}
