package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import scope.api.Frame;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;
import scope.api.Requirements;
import scope.runtime.schema.ConfigSchema;
import scope.runtime.schema.ValidationException;

/**
 * A graph forked at its source (source -&gt; gray -&gt; output, source -&gt; passthrough -&gt; output_1) runs as one stream
 * with one output per sink: each output carries its own branch's frames, parameters are validated against all
 * branches and routed by node id, and the stream stops as one.
 */
class ForkedStreamGivesEachSinkItsBranchTest {

    /** Returns its input; writes into it first when {@code scribble} (a pipeline may, the other branch must not see it). */
    static final class Passthrough extends Fakes.Recording {
        final boolean scribble;

        Passthrough(boolean scribble) {
            this.scribble = scribble;
        }

        @Override
        public Requirements prepare(scope.api.Parameters parameters) {
            super.prepare(parameters);
            return Requirements.inputSize(1);
        }

        @Override
        PipelineOutput produce(PipelineCall call, int callNumber) {
            List<Frame> out = new ArrayList<>(call.video());
            if (scribble) {
                out.forEach(f -> f.rgb()[1] = (byte) 77);
            }
            return PipelineOutput.of(out);
        }
    }

    private static Frame reddish(int tag, long timestamp) {
        byte[] rgb = new byte[4 * 4 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 200;
            rgb[i + 1] = 20;
            rgb[i + 2] = 20;
        }
        rgb[0] = (byte) tag;
        return new Frame(4, 4, rgb, timestamp);
    }

    private static boolean isGray(Frame f) {
        byte[] rgb = f.rgb();
        for (int i = 3; i < rgb.length; i += 3) {
            if (rgb[i] != rgb[i + 1] || rgb[i + 1] != rgb[i + 2]) {
                return false;
            }
        }
        return true;
    }

    private static List<List<ChainStage>> grayAndPassthrough(Fakes.Recording gray, Fakes.Recording pass) {
        ChainStage depth = new ChainStage("pass", "passthrough", pass, ConfigSchema.of(Fakes.OtherConfig.class),
                ChainStage.Role.MAIN);
        return List.of(List.of(Fakes.stage("gray", gray, ChainStage.Role.MAIN)), List.of(depth));
    }

    @Test
    void eachOutputCarriesItsOwnBranchFromTheSameInput() throws Exception {
        Fakes.Gray gray = new Fakes.Gray(1);
        Passthrough pass = new Passthrough(true);
        Fakes.Listener listener = new Fakes.Listener();
        try (Stream s = FrameChain.startForked("s", grayAndPassthrough(gray, pass), List.of("output", "output_1"),
                Fakes.json("{'input_mode':'video'}"), listener)) {
            assertEquals(2, s.outputCount());
            assertEquals("output", s.sinkId(0));
            assertEquals("output_1", s.sinkId(1));
            long t0 = System.nanoTime();
            for (int i = 1; i <= 3; i++) {
                s.pushInput(reddish(i, t0 + i * 33_000_000L));
            }
            for (int i = 1; i <= 3; i++) {
                Frame g = s.nextOutput(0);
                Frame c = s.nextOutput(1);
                assertTrue(isGray(g), "output 0 is the gray branch");
                assertFalse(isGray(c), "output 1 is the colour branch");
                assertEquals(i, Fakes.tag(c), "same input, in order, on both");
                assertEquals(200, c.rgb()[3] & 0xff);
                assertEquals(77, c.rgb()[1] & 0xff, "the passthrough wrote into its own copy");
                assertEquals(g.timestampNanos(), c.timestampNanos());
                // gray of (200, 20, 20) from the input, not of the passthrough's scribble
                int y = (200 * 299 + 20 * 587 + 20 * 114) / 1000;
                assertEquals(y, g.rgb()[3] & 0xff);
                assertEquals((i * 299 + 20 * 587 + 20 * 114) / 1000, g.rgb()[0] & 0xff,
                        "the gray branch never sees what the passthrough wrote into its input");
            }
            assertEquals(3, gray.calls.size());
            assertEquals(3, pass.calls.size());
            assertThrows(IndexOutOfBoundsException.class, () -> s.nextOutput(2));
        }
        assertEquals(List.of("null"), listener.stops);
    }

    @Test
    void aDirectBranchShowsTheInputAsItIs() throws Exception {
        Fakes.Listener listener = new Fakes.Listener();
        try (Stream s = FrameChain.startForked("s", List.of(List.of(Fakes.stage("gray", new Fakes.Gray(1),
                ChainStage.Role.MAIN)), List.of(DirectBranch.stage("output_1"))), List.of("output", "output_1"),
                Fakes.json("{'input_mode':'video','strength':0.3}"), listener)) {
            long t0 = System.nanoTime();
            for (int i = 1; i <= 2; i++) {
                s.pushInput(reddish(i, t0 + i * 33_000_000L));
            }
            for (int i = 1; i <= 2; i++) {
                assertTrue(isGray(s.nextOutput(0)));
                Frame raw = s.nextOutput(1);
                assertEquals(i, Fakes.tag(raw));
                assertEquals(200, raw.rgb()[3] & 0xff);
                assertEquals(20, raw.rgb()[4] & 0xff);
            }
            assertThrows(ValidationException.class, () -> s.update(Fakes.json("{'node_id':'output_1','strength':1}")),
                    "the direct branch takes no parameters");
        }
    }

    @Test
    void updatesAreValidatedAgainstAllBranchesAndRoutedByNodeId() throws Exception {
        Fakes.Listener listener = new Fakes.Listener();
        try (Stream stream = FrameChain.startForked("s", grayAndPassthrough(new Fakes.Gray(1), new Passthrough(false)),
                List.of("output", "output_1"), Fakes.json("{'input_mode':'video','strength':0.25}"), listener)) {
            ForkedStream s = (ForkedStream) stream;
            assertEquals(0.25, s.parameters().get("gray").get("strength"), "initial values reach their branch");
            assertFalse(s.parameters().get("pass").containsKey("strength"));
            // each field goes to the branch whose schema declares it; control keys go everywhere
            s.update(Fakes.json("{'strength':0.9,'depth_levels':5,'noise_scale':0.4}"));
            assertEquals(0.9, s.parameters().get("gray").get("strength"));
            assertEquals(5L, s.parameters().get("pass").get("depth_levels"));
            assertEquals(0.4, s.parameters().get("gray").get("noise_scale"));
            assertEquals(0.4, s.parameters().get("pass").get("noise_scale"));
            s.update(Fakes.json("{'node_id':'pass','noise_scale':0.1}"));
            assertEquals(0.1, s.parameters().get("pass").get("noise_scale"));
            assertEquals(0.4, s.parameters().get("gray").get("noise_scale"));
            // one bad field: nothing changes in either branch
            ValidationException bad = assertThrows(ValidationException.class,
                    () -> s.update(Fakes.json("{'noise_scale':0.2,'strength':7}")));
            assertEquals("strength", bad.errors().get(0).field());
            assertEquals(0.4, s.parameters().get("gray").get("noise_scale"));
            assertEquals(0.1, s.parameters().get("pass").get("noise_scale"));
            assertThrows(ValidationException.class, () -> s.update(Fakes.json("{'node_id':'nowhere'}")));
            assertThrows(ValidationException.class, () -> s.update(Fakes.json("{'unheard_of':1}")));
        }
    }

    @Test
    void aBranchThatFailsStopsTheWholeStreamOnce() throws Exception {
        Fakes.Listener listener = new Fakes.Listener();
        FatalErrorStopsStreamOnceTest.Failing failing = new FatalErrorStopsStreamOnceTest.Failing(Integer.MAX_VALUE,
                true);
        Fakes.Generator gen = new Fakes.Generator(1, 2);
        Stream s = FrameChain.startForked("s", List.of(List.of(Fakes.stage("gen", gen, ChainStage.Role.MAIN)),
                List.of(Fakes.stage("bad", failing, ChainStage.Role.MAIN))), List.of("output", "output_1"),
                Fakes.json("{'input_mode':'text'}"), listener);
        assertNull(s.nextOutput(1), "the failing branch never produces");
        Fakes.await("the other branch stops too", () -> {
            try {
                while (s.nextOutput(0) != null) {
                    // drain until the stop reaches this output
                }
                return true;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        s.close();
        assertEquals(1, listener.stops.size(), listener.stops.toString());
        assertTrue(listener.stops.get(0).contains("bad") && listener.stops.get(0).contains("OutOfMemoryError"));
        int calls = gen.calls.size();
        Thread.sleep(30);
        assertEquals(calls, gen.calls.size(), "no branch calls its pipeline after the stop");
    }

    @Test
    void aReplacedPipelineIsSwappedInTheBranchThatHoldsIt() throws Exception {
        Fakes.Generator first = new Fakes.Generator(1, 2);
        Fakes.Generator old = new Fakes.Generator(1, 2);
        Fakes.Generator replacement = new Fakes.Generator(1, 2);
        Fakes.Listener listener = new Fakes.Listener();
        try (Stream s = FrameChain.startForked("s", List.of(List.of(Fakes.stage("a", first, ChainStage.Role.MAIN)),
                List.of(Fakes.stage("b", old, ChainStage.Role.MAIN))), List.of("output", "output_1"),
                Fakes.json("{'input_mode':'text'}"), listener)) {
            Fakes.await("both produce", () -> first.calls.size() >= 2 && old.calls.size() >= 2);
            assertTrue(s.replacePipeline("b", replacement, ConfigSchema.of(Fakes.KnobConfig.class), 5_000));
            int oldCalls = old.calls.size();
            Fakes.await("the replacement produces", () -> replacement.calls.size() >= 2);
            assertEquals(oldCalls, old.calls.size());
            assertFalse(s.replacePipeline("nowhere", replacement, ConfigSchema.of(Fakes.KnobConfig.class), 100));
        }
        assertEquals(List.of("null"), listener.stops);
    }

    @Test
    void oneInstanceOnTwoBranchesOrADuplicateNodeIdIsRefused() {
        Fakes.Gray shared = new Fakes.Gray(1);
        Fakes.Listener listener = new Fakes.Listener();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameChain.startForked("s",
                List.of(List.of(Fakes.stage("a", shared, ChainStage.Role.MAIN)),
                        List.of(Fakes.stage("b", shared, ChainStage.Role.MAIN))), List.of("output", "output_1"),
                null, listener));
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FrameChain.startForked("s",
                List.of(List.of(Fakes.stage("a", new Fakes.Gray(1), ChainStage.Role.MAIN)),
                        List.of(Fakes.stage("a", new Fakes.Gray(1), ChainStage.Role.MAIN))),
                List.of("output", "output_1"), null, listener));
        assertTrue(listener.stops.isEmpty(), "nothing was started");
    }
}
