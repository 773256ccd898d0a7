package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import scope.api.Frame;

class PauseRepeatsLastFrameTest {

    @Test
    void pausedStreamRepeatsTheLastFrameAndStopsGeneratingUntilUnpaused() throws Exception {
        Fakes.Generator g = new Fakes.Generator(2, 5);
        try (Stream s = FrameChain.start("s", List.of(Fakes.stage("main", g, ChainStage.Role.MAIN)),
                Fakes.json("{'input_mode':'text'}"), new Fakes.Listener())) {
            Frame last = s.nextOutput();
            last = s.nextOutput();
            s.update(Fakes.json("{'paused':true}"));
            assertTrue(s.stats().paused());
            int callsAtPause = g.calls.size();
            for (int i = 0; i < 5; i++) {
                assertSame(last, s.nextOutput(), "freeze-frame while paused");
            }
            // at most the call that was running when the pause came finishes
            assertTrue(g.calls.size() <= callsAtPause + 1, "workers stopped generating while paused");

            s.update(Fakes.json("{'paused':false}"));
            Frame after = s.nextOutput();
            Frame later = s.nextOutput();
            assertNotSame(last, after);
            assertNotSame(after, later);
        }
    }
}
