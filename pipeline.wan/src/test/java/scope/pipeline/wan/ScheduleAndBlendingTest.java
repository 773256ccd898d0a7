package scope.pipeline.wan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleAndBlendingTest {
    @Test
    void stepsTakeTheSigmaOfTheNearestTableTimestep() {
        // Scope's table (shift 5, 1000 entries): the float32 sigmas its lookup gives these steps
        FlowMatchSchedule s = new FlowMatchSchedule(List.of(1000, 750, 500, 250, 0), 5.0);
        assertEquals(1.0, s.sigma(0), 0);
        assertEquals(0.7500000596046448, s.sigma(1), 0);
        assertEquals(0.5005995631217957, s.sigma(2), 0);
        assertEquals(0.25159743428230286, s.sigma(3), 0);
        assertEquals(0.004980080295354128, s.sigma(4), 0);
        assertEquals(750f, s.timestep(1), 0f);
    }

    @Test
    void x0AndRenoiseInvertEachOther() {
        float[] x0 = {0.5f, -1f};
        float[] noise = {2f, 0.25f};
        float[] xt = new float[2];
        FlowMatchSchedule.renoise(x0, noise, 0.4, xt);
        float[] flow = {noise[0] - x0[0], noise[1] - x0[1]};
        float[] back = new float[2];
        FlowMatchSchedule.toX0(xt, flow, 0.4, back);
        assertArrayEquals(x0, back, 1e-6f);
    }

    @Test
    void weightsAreNormalisedAndAllZeroMeansEqual() {
        assertArrayEquals(new double[] {0.25, 0.75}, EmbeddingMath.normalize(new double[] {1, 3}), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, EmbeddingMath.normalize(new double[] {0, 0}), 1e-12);
    }

    @Test
    void linearBlendIsRescaledToTheWeightedAverageNorm() {
        float[] a = {1, 0};
        float[] b = {0, 3};
        float[] out = EmbeddingMath.blend(new float[][] {a, b, a}, new double[] {1, 1, 0}, false, 2);
        // direction of 0.5a + 0.5b = (0.5, 1.5), length 0.5*1 + 0.5*3 = 2
        double len = Math.hypot(out[0], out[1]);
        assertEquals(2.0, len, 1e-5);
        assertEquals(3.0, out[1] / out[0], 1e-5);
    }

    @Test
    void twoPromptsWithSlerpFollowTheArc() {
        float[] out = EmbeddingMath.blend(new float[][] {{1, 0}, {0, 1}}, new double[] {1, 1}, true, 2);
        assertArrayEquals(new float[] {(float) Math.sqrt(0.5), (float) Math.sqrt(0.5)}, out, 1e-6f);
    }

    @Test
    void theSameSeedGivesTheSameNoise() {
        assertArrayEquals(new GaussianNoise(43).next(101), new GaussianNoise(43).next(101));
        float[] n = new GaussianNoise(1).next(200_000);
        double mean = 0;
        double var = 0;
        for (float v : n) {
            mean += v;
            var += v * v;
        }
        assertEquals(0, mean / n.length, 0.01);
        assertEquals(1, var / n.length, 0.02);
    }

    @Test
    void noiseControllerLowersTheNoiseScaleWithMotion() {
        HostTensor still = VideoTensors.fromFrames(ToyRig.solidFrames(2, 4, 4, 100).subList(0, 1), 4, 4);
        HostTensor stillClip = HostTensor.floats(concat(still.floatData(), still.floatData()), 1, 3, 2, 4, 4);
        float[] moving = stillClip.floatData().clone();
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 16; p++) {
                moving[(c * 2 + 1) * 16 + p] += 0.5f;
            }
        }
        assertEquals(0.9 * 0.8 + 0.1 * 0.7, new NoiseController().update(stillClip, 0.7), 1e-9);
        assertEquals(0.9 * 0.6 + 0.1 * 0.7, new NoiseController().update(HostTensor.floats(moving, 1, 3, 2, 4, 4), 0.7),
                1e-6);
    }

    private static float[] concat(float[] a, float[] b) {
        // two frames of one channel-first clip: [c][t][p]
        float[] out = new float[a.length * 2];
        int plane = a.length / 3;
        for (int c = 0; c < 3; c++) {
            System.arraycopy(a, c * plane, out, (c * 2) * plane, plane);
            System.arraycopy(b, c * plane, out, (c * 2 + 1) * plane, plane);
        }
        return out;
    }
}
