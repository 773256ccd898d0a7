package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import scope.runtime.schema.ConfigSchema;

/**
 * The hot-swap hook: {@link Stream#replacePipeline} makes a stage call the new pipeline from its next batch on; once
 * it returns, the old pipeline is never called again, the first call of the new one has {@code initCache=true},
 * and the stream keeps running. The chain closes neither pipeline.
 */
class ReplacedPipelineServesFromTheNextBatchTest {

    @Test
    void replacementTakesOverAtABatchBoundaryAndTheOldIsNeverCalledAgain() throws Exception {
        Fakes.Generator old = new Fakes.Generator(1, 5);
        Fakes.Generator replacement = new Fakes.Generator(1, 5);
        Fakes.Listener listener = new Fakes.Listener();
        try (Stream s = FrameChain.start("s", List.of(Fakes.stage("gen", old, ChainStage.Role.MAIN)),
                Fakes.json("{}"), listener)) {
            Fakes.await("old produces", () -> old.calls.size() >= 3);
            assertTrue(s.replacePipeline("gen", replacement, ConfigSchema.of(Fakes.KnobConfig.class), 5_000));
            int oldCalls = old.calls.size();
            Fakes.await("replacement produces", () -> replacement.calls.size() >= 3);
            assertEquals(oldCalls, old.calls.size(), "old pipeline called after the swap returned");
            assertTrue(replacement.calls.get(0).initCache(), "first call of the new pipeline starts a fresh cache");
            assertFalse(replacement.calls.get(1).initCache());
            assertFalse(old.closed);
            assertFalse(replacement.closed);
            assertTrue(s.nextOutput() != null);
            assertFalse(s.replacePipeline("no-such-node", replacement, ConfigSchema.of(Fakes.KnobConfig.class), 100));
        }
        assertEquals(List.of("null"), listener.stops, "stopped only by close, never failed");
    }
}
