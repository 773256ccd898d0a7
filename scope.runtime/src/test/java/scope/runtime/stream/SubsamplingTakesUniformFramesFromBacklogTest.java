package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import scope.api.Frame;

class SubsamplingTakesUniformFramesFromBacklogTest {

    @Test
    void indicesAreSpreadOverTheWholeBacklog() {
        assertArrayEquals(new int[] {0, 3, 6, 9}, BacklogSubsampler.indices(12, 4));
        assertArrayEquals(new int[] {0, 1, 2, 3}, BacklogSubsampler.indices(4, 4));
        // 5/2 = 2.5 rounds half to even, like Python's round()
        assertArrayEquals(new int[] {0, 2}, BacklogSubsampler.indices(5, 2));
        assertArrayEquals(new int[] {0, 2, 4, 5}, BacklogSubsampler.indices(7, 4)); // 1.75, 3.5, 5.25
    }

    @Test
    void takesTheChosenFramesAndDropsTheSkippedOnesUpToTheLastIndex() throws Exception {
        FrameQueue q = new FrameQueue("q", 30);
        for (int i = 0; i < 10; i++) {
            q.offer(Fakes.tagged(i));
        }
        List<Frame> taken = q.takeSubsampled(4, 0); // indices 0, 2, 5, 8 (2.5 -> 2, 7.5 -> 8)
        assertEquals(List.of(0, 2, 5, 8), taken.stream().map(Fakes::tag).toList());
        assertEquals(1, q.size(), "frame 9 was after the last index and stays queued");
        assertEquals(9, Fakes.tag(q.poll(0)));
    }

    @Test
    void waitsForEnoughFrames() throws Exception {
        FrameQueue q = new FrameQueue("q", 30);
        q.offer(Fakes.tagged(1));
        assertNull(q.takeSubsampled(2, 1_000_000));
        assertEquals(1, q.size(), "an unsatisfied take consumes nothing");
    }
}
