package scope.pipeline.wan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which slots a call attends to: Scope's rolling window (sinks + the latest frames, the new ones counted). */
class KvCacheTest {
    private static final int TOKENS = 2;
    private static final int DIM = 4;

    /** Per-layer keys/values of frames whose every value is the frame's position. */
    private static List<HostTensor> block(long... positions) {
        float[] kv = new float[2 * positions.length * TOKENS * DIM];
        for (int kvIndex = 0; kvIndex < 2; kvIndex++) {
            for (int f = 0; f < positions.length; f++) {
                Arrays.fill(kv, (kvIndex * positions.length + f) * TOKENS * DIM,
                        (kvIndex * positions.length + f + 1) * TOKENS * DIM, positions[f]);
            }
        }
        List<HostTensor> layers = new ArrayList<>();
        layers.add(HostTensor.floats(kv, 2, (long) positions.length * TOKENS, DIM));
        return layers;
    }

    private static long[] sorted(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    @Test
    void aBlockAttendsToTheSinksAndTheLatestFramesThatLeaveRoomForItself() {
        KvCache cache = new KvCache(1, 12, 3, 12, TOKENS, DIM);
        assertArrayEquals(new long[12], Arrays.stream(cache.attendedPositions(3)).map(p -> p + 1).toArray(),
                "empty: nothing attended");
        for (long s = 0; s < 24; s += 3) {
            cache.write(block(s, s + 1, s + 2), new long[] {s, s + 1, s + 2});
        }
        // 0..23 written: sinks 0..2, the ring holds 15..23; a new block attends to 0..2 and 18..23 (12 - 3 - 3 = 6)
        assertArrayEquals(new long[] {-1, -1, -1, 0, 1, 2, 18, 19, 20, 21, 22, 23}, sorted(cache.attendedPositions(3)));
        // the values sit in the slots of their positions
        float[] layer = cache.tensor(0).floatData();
        long[] held = cache.positions();
        for (int slot = 0; slot < 12; slot++) {
            assertEquals(held[slot], layer[slot * TOKENS * DIM]);
            assertEquals(held[slot], layer[(12 + slot) * TOKENS * DIM]);
        }
    }

    @Test
    void aRecomputeAfterClearingTheRingAttendsToTheSinksOnly() {
        KvCache cache = new KvCache(1, 12, 3, 12, TOKENS, DIM);
        for (long s = 0; s < 21; s += 3) {
            cache.write(block(s, s + 1, s + 2), new long[] {s, s + 1, s + 2});
        }
        cache.clearRolling();
        assertArrayEquals(new long[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 2}, sorted(cache.attendedPositions(9)));
        long[] recached = {12, 13, 14, 15, 16, 17, 18, 19, 20};
        cache.write(block(recached), recached);
        // the next block replaces the oldest three, 12..14
        assertArrayEquals(new long[] {-1, -1, -1, 0, 1, 2, 15, 16, 17, 18, 19, 20}, sorted(cache.attendedPositions(3)));
    }

    @Test
    void kreasWindowOfSixFramesKeepsItsThreeContextFrames() {
        KvCache cache = new KvCache(1, 3, 0, 6, TOKENS, DIM);
        cache.write(block(0, 1, 2), new long[] {0, 1, 2});
        assertArrayEquals(new long[] {0, 1, 2}, cache.attendedPositions(3));
    }
}
