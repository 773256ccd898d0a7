package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BatchArrivalsTest {
    private static final long MS = 1_000_000L;

    private static void batch(BatchArrivals a, long stamp, int frames) {
        assertTrue(a.frame(stamp), "first frame of a batch");
        for (int i = 1; i < frames; i++) {
            assertFalse(a.frame(stamp));
        }
    }

    @Test
    void framesPerSecondIsFramesOverTimeBetweenBatchStarts() {
        BatchArrivals a = new BatchArrivals();
        batch(a, 0, 4);
        assertTrue(Double.isNaN(a.fps()), "one batch gives no rate");
        batch(a, 100 * MS, 4);
        batch(a, 400 * MS, 4);
        // 8 frames over 400 ms, whatever the spacing
        assertEquals(20.0, a.fps(), 1e-9);
        assertEquals(0.2, a.periodSeconds(), 1e-9);
        assertTrue(a.spreadSeconds() > 0.05, "irregular batches have a spread");
    }

    @Test
    void aRestartKeepsTheGapOutOfTheRate() {
        BatchArrivals a = new BatchArrivals();
        batch(a, 0, 4);
        batch(a, 200 * MS, 4);
        a.restart();
        batch(a, 5_000 * MS, 4);
        assertEquals(20.0, a.fps(), 1e-9);
        batch(a, 5_200 * MS, 4);
        assertEquals(20.0, a.fps(), 1e-9);
    }

    @Test
    void theRateWindowForgetsOldBatches() {
        BatchArrivals a = new BatchArrivals();
        long t = 0;
        for (int i = 0; i < 100; i++) {
            batch(a, t, 4);
            t += 100 * MS; // 40 fps
        }
        for (int i = 0; i < 100; i++) {
            batch(a, t, 4);
            t += 400 * MS; // 10 fps for 40 s, longer than the window
        }
        assertEquals(10.0, a.fps(), 1e-9);
    }
}
