package scope.example.invert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InvertPipelineTest {
    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void fullAmountInvertsEveryChannel() {
        assertArrayEquals(bytes(255, 0, 127, 128, 200, 55), InvertPipeline.invert(bytes(0, 255, 128, 127, 55, 200), 1));
    }

    @Test
    void zeroAmountKeepsTheImage() {
        byte[] in = bytes(0, 1, 17, 128, 254, 255);
        assertArrayEquals(in, InvertPipeline.invert(in, 0));
    }

    @Test
    void halfAmountMeetsInTheMiddle() {
        // v + 0.5 * (255 - 2v) = 127.5 for every v: rounded half away from the original
        for (int v = 0; v < 256; v++) {
            int out = InvertPipeline.invert(bytes(v), 0.5)[0] & 0xff;
            assertEquals(v < 128 ? 128 : 127, out, "v=" + v);
        }
    }

    @Test
    void everyOutputStaysInRange() {
        for (int step = 0; step <= 20; step++) {
            double amount = step / 20.0;
            for (int v = 0; v < 256; v++) {
                int out = InvertPipeline.invert(bytes(v), amount)[0] & 0xff;
                int expected = (int) Math.round(v + amount * (255 - 2 * v));
                assertEquals(expected, out, 1, "v=" + v + " amount=" + amount);
            }
        }
    }
}
