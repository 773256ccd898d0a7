package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;

class FatalErrorStopsStreamOnceTest {

    /** Fails on the given calls with the given throwable, else returns one frame. */
    static final class Failing extends Fakes.Recording {
        final int failFirst;
        final boolean error;

        Failing(int failFirst, boolean error) {
            this.failFirst = failFirst;
            this.error = error;
        }

        @Override
        PipelineOutput produce(PipelineCall call, int callNumber) throws Exception {
            Thread.sleep(1);
            if (callNumber <= failFirst) {
                if (error) {
                    throw new OutOfMemoryError("CUDA out of memory (fake)");
                }
                throw new IllegalStateException("bad batch " + callNumber);
            }
            return PipelineOutput.of(List.of(Fakes.tagged(callNumber)));
        }
    }

    @Test
    void outOfMemoryEndsTheStreamWithOneMessageNamingNodeAndError() throws Exception {
        Fakes.Listener listener = new Fakes.Listener();
        Failing p = new Failing(Integer.MAX_VALUE, true);
        Stream s = FrameChain.start("s", List.of(Fakes.stage("gen", p, ChainStage.Role.MAIN)),
                Fakes.json("{'input_mode':'text'}"), listener);
        assertNull(s.nextOutput(), "no frame ever; null once stopped");
        s.close();
        assertEquals(1, listener.stops.size());
        String message = listener.stops.get(0);
        assertTrue(message.contains("gen") && message.contains("OutOfMemoryError"), message);
        assertEquals(1, p.calls.size(), "the pipeline is not called after a fatal error");
        assertTrue(!p.closed, "the chain never closes a pipeline");
    }

    @Test
    void tenFailedCallsInARowEndTheStream() throws Exception {
        Fakes.Listener listener = new Fakes.Listener();
        Failing p = new Failing(Integer.MAX_VALUE, false);
        try (Stream s = FrameChain.start("s", List.of(Fakes.stage("gen", p, ChainStage.Role.MAIN)),
                Fakes.json("{'input_mode':'text'}"), listener)) {
            assertNull(s.nextOutput());
        }
        assertEquals(StageWorker.MAX_CONSECUTIVE_FAILURES, p.calls.size());
        assertEquals(1, listener.stops.size());
        assertTrue(listener.stops.get(0).contains("bad batch 10"), listener.stops.get(0));
    }

    @Test
    void nineFailuresThenSuccessOnlyLoseThoseBatches() throws Exception {
        Fakes.Listener listener = new Fakes.Listener();
        Failing p = new Failing(9, false);
        try (Stream s = FrameChain.start("s", List.of(Fakes.stage("gen", p, ChainStage.Role.MAIN)),
                Fakes.json("{'input_mode':'text'}"), listener)) {
            assertEquals(10, Fakes.tag(s.nextOutput()));
            assertTrue(listener.stops.isEmpty());
        }
        assertEquals(List.of("null"), listener.stops, "a normal close reports no error");
    }

    @Test
    void theManagerCanEndAStreamWhoseInstanceWentAway() throws Exception {
        Fakes.Listener listener = new Fakes.Listener();
        Fakes.Generator g = new Fakes.Generator(1, 2);
        Stream s = FrameChain.start("s", List.of(Fakes.stage("gen", g, ChainStage.Role.MAIN)),
                Fakes.json("{'input_mode':'text'}"), listener);
        assertNotNull(s.nextOutput());
        s.fail("Pipeline gen was unloaded");
        int calls = g.calls.size();
        s.close();
        assertNull(s.nextOutput());
        Thread.sleep(20);
        assertEquals(calls, g.calls.size(), "no call after fail() returned");
        assertEquals(List.of("Pipeline gen was unloaded"), listener.stops);
    }
}
