package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;

/**
 * A call that runs on into a pause puts the producer ahead of the frozen output; after the unpause the worker waits
 * for that long before its next call, so the stream resumes with the backlog it had when it was paused.
 */
class PauseFreezesTheProducerTest {

    /** Generator that notes when each call started. */
    static final class Timed extends Fakes.Recording {
        final List<Long> starts = new CopyOnWriteArrayList<>();

        @Override
        PipelineOutput produce(PipelineCall call, int callNumber) throws InterruptedException {
            starts.add(System.nanoTime());
            Thread.sleep(300);
            return PipelineOutput.of(List.of(Fakes.tagged(callNumber)));
        }
    }

    @Test
    void theNextCallAfterAnUnpauseWaitsForThePartOfTheLastCallThatRanWhilePaused() throws Exception {
        Timed g = new Timed();
        try (Stream s = FrameChain.start("s", List.of(Fakes.stage("main", g, ChainStage.Role.MAIN)),
                Fakes.json("{'input_mode':'text'}"), new Fakes.Listener())) {
            Fakes.await("the first call", () -> g.starts.size() == 1);
            Thread.sleep(100); // pause 100 ms into a 300 ms call: 200 ms of it run while paused
            s.update(Fakes.json("{'paused':true}"));
            Thread.sleep(500);
            assertEquals(1, g.starts.size(), "no call starts while paused");
            long unpausedAt = System.nanoTime();
            s.update(Fakes.json("{'paused':false}"));
            Fakes.await("the call after the unpause", () -> g.starts.size() == 2);
            long waitedMs = (g.starts.get(1) - unpausedAt) / 1_000_000;
            assertTrue(waitedMs >= 180 && waitedMs < 400, "waited " + waitedMs + " ms, expected about 200");
        }
    }

    @Test
    void pausedTimeIsTheOverlapOfTheCallWithTheLastPause() {
        PauseState p = new PauseState();
        assertEquals(0, p.pausedWithin(0, 100), "never paused");
        p.set(true, 40);
        assertEquals(60, p.pausedWithin(0, 100), "paused during the call, still paused");
        p.set(false, 70);
        assertEquals(30, p.pausedWithin(0, 100), "paused and resumed during the call");
        assertEquals(0, p.pausedWithin(80, 120), "the pause ended before the call");
        p.set(true, 90);
        assertEquals(30, p.pausedWithin(80, 120), "a second pause during a call counts from its start");
    }
}
