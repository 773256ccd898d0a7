package scope.pipeline.wan;

import java.util.List;

/** Splits latents {@code [1, 16, F, H8, W8]} into per-frame arrays {@code [16, H8, W8]} and stacks them back. */
public final class LatentFrames {
    private LatentFrames() {
    }

    public static float[] frame(float[] latents, int frames, int index, int frameArea) {
        int c = WanContract.LATENT_CHANNELS;
        float[] out = new float[c * frameArea];
        for (int ch = 0; ch < c; ch++) {
            System.arraycopy(latents, (ch * frames + index) * frameArea, out, ch * frameArea, frameArea);
        }
        return out;
    }

    public static float[] stack(List<float[]> frames, int frameArea) {
        int c = WanContract.LATENT_CHANNELS;
        int n = frames.size();
        float[] out = new float[c * n * frameArea];
        for (int f = 0; f < n; f++) {
            for (int ch = 0; ch < c; ch++) {
                System.arraycopy(frames.get(f), ch * frameArea, out, (ch * n + f) * frameArea, frameArea);
            }
        }
        return out;
    }
}
