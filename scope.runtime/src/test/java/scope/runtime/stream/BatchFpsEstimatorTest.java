package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BatchFpsEstimatorTest {
    private static final long MS = 1_000_000L;

    @Test
    void startsAtSixtySoQueuesDrainBeforeTheFirstEstimate() {
        assertEquals(60.0, new BatchFpsEstimator().fps());
    }

    @Test
    void firstBatchUsesItsOwnCallDurationThenTimeBetweenBatches() {
        BatchFpsEstimator e = new BatchFpsEstimator();
        e.record(12, 0, 500 * MS);
        assertEquals(24.0, e.fps(), 1e-9);
        e.record(12, 600 * MS, 1000 * MS); // interval = 1000 - 500, not the 400 ms call
        assertEquals(24.0, e.fps(), 1e-9);
    }

    @Test
    void isTotalFramesOverTotalTimeOfTheLastTenBatches() {
        BatchFpsEstimator e = new BatchFpsEstimator();
        long t = 0;
        e.record(4, 0, t += 100 * MS); // 40 fps sample, falls out of the window later
        for (int i = 0; i < 10; i++) {
            e.record(4, t, t += 200 * MS); // 20 fps
        }
        assertEquals(20.0, e.fps(), 1e-9);
        e.record(8, t, t += 200 * MS); // window: 9 x (4 / 200 ms) + 1 x (8 / 200 ms) = 44 frames / 2 s
        assertEquals(22.0, e.fps(), 1e-9);
    }

    @Test
    void isClampedToOneAndSixty() {
        BatchFpsEstimator fast = new BatchFpsEstimator();
        fast.record(100, 0, 100 * MS);
        assertEquals(60.0, fast.fps());
        BatchFpsEstimator slow = new BatchFpsEstimator();
        slow.record(1, 0, 5000 * MS);
        assertEquals(1.0, slow.fps());
    }

    @Test
    void resetClockKeepsAPauseGapOutOfTheEstimate() {
        BatchFpsEstimator e = new BatchFpsEstimator();
        e.record(12, 0, 500 * MS);
        e.resetClock();
        e.record(12, 2500 * MS, 3000 * MS); // 2 s paused: interval is the call's 500 ms, not 2.5 s
        assertEquals(24.0, e.fps(), 1e-9);
    }

    @Test
    void batchesThatDeliveredNothingAreNotSamples() {
        BatchFpsEstimator e = new BatchFpsEstimator();
        e.record(12, 0, 500 * MS);
        e.record(0, 500 * MS, 1000 * MS);
        e.record(12, 1000 * MS, 1500 * MS); // interval from the last batch that delivered: 1 s
        assertEquals(24 / 1.5, e.fps(), 1e-9);
    }

    @Test
    void aNativeFrameRateWins() {
        BatchFpsEstimator e = new BatchFpsEstimator();
        e.record(12, 0, 500 * MS);
        e.latchNative(16.0);
        assertEquals(16.0, e.fps());
    }
}
