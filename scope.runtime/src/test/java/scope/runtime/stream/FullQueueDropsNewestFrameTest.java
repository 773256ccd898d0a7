package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FullQueueDropsNewestFrameTest {

    @Test
    void aFullQueueRejectsTheOfferedFrameAndKeepsTheOldOnes() throws Exception {
        FrameQueue q = new FrameQueue("q", 2);
        assertTrue(q.offer(Fakes.tagged(1)));
        assertTrue(q.offer(Fakes.tagged(2)));
        assertFalse(q.offer(Fakes.tagged(3)));
        assertEquals(1, q.dropped());
        assertEquals(1, Fakes.tag(q.poll(0)));
        assertEquals(2, Fakes.tag(q.poll(0)));
    }

    @Test
    void capacityOnlyGrows() {
        FrameQueue q = new FrameQueue("q", 30);
        q.growTo(24);
        assertEquals(30, q.capacity());
        q.growTo(48);
        assertEquals(48, q.capacity());
        q.growTo(10);
        assertEquals(48, q.capacity());
    }

    @Test
    void theSourceQueueOfAStreamDropsInputBeyondItsCapacity() throws Exception {
        // paused from the start: the stage takes nothing, so the source queue fills up
        Fakes.Gray gray = new Fakes.Gray(1);
        try (Stream s = FrameChain.start("s", java.util.List.of(Fakes.stage("gray", gray, ChainStage.Role.MAIN)),
                Fakes.json("{'input_mode':'video','paused':true}"), new Fakes.Listener())) {
            for (int i = 0; i < 50; i++) {
                s.pushInput(Fakes.tagged(i));
            }
            assertEquals(FrameQueue.DEFAULT_CAPACITY, s.stats().framesIn());
            assertEquals(0, gray.calls.size());
        }
    }
}
