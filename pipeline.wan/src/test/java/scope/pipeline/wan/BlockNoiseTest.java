package scope.pipeline.wan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Noise drawn ahead on the background thread is exactly the noise drawn in place, whichever path a block takes. */
class BlockNoiseTest {
    private static float[][] inPlace(long seed, int count, int n) {
        GaussianNoise g = new GaussianNoise(seed);
        float[][] out = new float[count][n];
        for (float[] a : out) {
            g.fill(a);
        }
        return out;
    }

    private static void assertBlock(float[][] want, BlockNoise.Block got) throws Exception {
        for (int i = 0; i < want.length; i++) {
            assertArrayEquals(want[i], got.get(i), "array " + i);
        }
    }

    @Test
    void foreseenUnforeseenAndLongerBlocksGetTheInPlaceSequence() throws Exception {
        BlockNoise noise = new BlockNoise(new BackgroundThread());
        int n = 1001;
        // first block: nothing drawn ahead
        assertBlock(inPlace(7, 3, n), noise.take(7, 3, n));
        noise.drawAhead(10, 3, n);
        // foreseen
        assertBlock(inPlace(10, 3, n), noise.take(10, 3, n));
        noise.drawAhead(13, 2, n);
        // foreseen seed, more steps than drawn: the rest continues the same generator
        assertBlock(inPlace(13, 4, n), noise.take(13, 4, n));
        noise.drawAhead(17, 4, n);
        // not foreseen (a reset): drawn from its own seed
        assertBlock(inPlace(0, 4, n), noise.take(0, 4, n));
    }
}
