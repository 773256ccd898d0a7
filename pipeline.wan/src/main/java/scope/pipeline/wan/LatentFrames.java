package scope.pipeline.wan;

import java.nio.FloatBuffer;
import java.util.List;

/** Splits latents {@code [1, 16, F, H8, W8]} into per-frame arrays {@code [16, H8, W8]} and stacks them back. */
public final class LatentFrames {
    private LatentFrames() {
    }

    public static float[] frame(float[] latents, int frames, int index, int frameArea) {
        return frame(latents, frames, index, frameArea, new float[WanContract.LATENT_CHANNELS * frameArea]);
    }

    /** As above, into {@code out}. */
    public static float[] frame(float[] latents, int frames, int index, int frameArea, float[] out) {
        for (int ch = 0; ch < WanContract.LATENT_CHANNELS; ch++) {
            System.arraycopy(latents, (ch * frames + index) * frameArea, out, ch * frameArea, frameArea);
        }
        return out;
    }

    /** As above, from latents in a direct buffer. */
    public static float[] frame(FloatBuffer latents, int frames, int index, int frameArea, float[] out) {
        for (int ch = 0; ch < WanContract.LATENT_CHANNELS; ch++) {
            latents.get((ch * frames + index) * frameArea, out, ch * frameArea, frameArea);
        }
        return out;
    }

    public static float[] stack(List<float[]> frames, int frameArea) {
        return stack(frames, frameArea, new float[WanContract.LATENT_CHANNELS * frames.size() * frameArea]);
    }

    /** As above, into {@code out} (exactly as long as the stack). */
    public static float[] stack(List<float[]> frames, int frameArea, float[] out) {
        int c = WanContract.LATENT_CHANNELS;
        int n = frames.size();
        for (int f = 0; f < n; f++) {
            for (int ch = 0; ch < c; ch++) {
                System.arraycopy(frames.get(f), ch * frameArea, out, (ch * n + f) * frameArea, frameArea);
            }
        }
        return out;
    }
}
