package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import scope.api.Frame;

class ResetCacheFlushesQueuedOutputTest {

    @Test
    void queuedFramesFromBeforeTheResetAreNeverShownAndTheNextCallInitsTheCache() throws Exception {
        Fakes.Generator g = new Fakes.Generator(4, 2);
        try (Stream s = FrameChain.start("s", List.of(Fakes.stage("main", g, ChainStage.Role.MAIN)),
                Fakes.json("{'input_mode':'text'}"), new Fakes.Listener())) {
            // nobody consumes: the sink queue fills up with frames of the first calls
            Fakes.await("a backlog of output", () -> g.calls.size() >= 10);
            assertTrue(g.calls.get(0).initCache(), "the first call of a stream inits the cache");
            assertFalse(g.calls.get(1).initCache());

            s.update(Fakes.json("{'reset_cache':true}"));
            Fakes.await("a call after the reset", () -> g.calls.stream().skip(1).anyMatch(c -> c.initCache()));
            int resetCall = 1 + indexOfFirstInit(g);
            Frame next = s.nextOutput();
            assertTrue(Fakes.tag(next) >= resetCall,
                    "frame of call " + Fakes.tag(next) + " was queued before the reset (call " + resetCall + ")");
            assertEquals(1, g.calls.stream().skip(1).filter(c -> c.initCache()).count(), "reset consumed once");
        }
    }

    private static int indexOfFirstInit(Fakes.Generator g) {
        for (int i = 1; i < g.calls.size(); i++) {
            if (g.calls.get(i).initCache()) {
                return i;
            }
        }
        throw new AssertionError("no reset call");
    }
}
