package scope.pipeline.wan;

/**
 * Where a block's Gaussian noise comes from, when not from the generator's own seeded draws: array 0 is the
 * block's first latents, array i >= 1 the noise of the i-th re-noising, each in the latent layout
 * {@code [1, 16, F, H8, W8]}. Parity checks feed upstream's saved noise through it.
 */
@FunctionalInterface
public interface NoiseSource {
    /** Fills {@code out} with array {@code index} of the block starting at latent frame {@code startFrame}. */
    void fill(long startFrame, int index, float[] out) throws Exception;
}
