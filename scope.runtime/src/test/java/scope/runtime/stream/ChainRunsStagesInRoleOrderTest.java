package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import scope.api.Frame;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;

class ChainRunsStagesInRoleOrderTest {

    /** Appends its name to a trail carried in byte 1..n of the frame and forwards a value downstream. */
    static final class Marker extends Fakes.Recording {
        final byte mark;

        Marker(char mark) {
            this.mark = (byte) mark;
        }

        @Override
        public scope.api.Requirements prepare(scope.api.Parameters parameters) {
            return scope.api.Requirements.inputSize(1);
        }

        @Override
        PipelineOutput produce(PipelineCall call, int callNumber) {
            List<Frame> out = new ArrayList<>();
            for (Frame f : call.video()) {
                byte[] rgb = f.rgb().clone();
                int i = 1;
                while (rgb[i] != 0) {
                    i++;
                }
                rgb[i] = mark;
                out.add(new Frame(f.width(), f.height(), rgb, f.timestampNanos()));
            }
            return mark == 'P' ? PipelineOutput.of(out, Map.of("seen_by_pre", true)) : PipelineOutput.of(out);
        }
    }

    @Test
    void framesPassPreMainPostAndValuesAreForwardedDownstream() throws Exception {
        Marker pre = new Marker('P');
        Marker main = new Marker('M');
        Marker post = new Marker('O');
        Fakes.Listener listener = new Fakes.Listener();
        // given out of order on purpose
        List<ChainStage> stages = List.of(Fakes.stage("post", post, ChainStage.Role.POST),
                Fakes.stage("main", main, ChainStage.Role.MAIN), Fakes.stage("pre", pre, ChainStage.Role.PRE));
        try (Stream s = FrameChain.start("s", stages, Fakes.json("{'input_mode':'video'}"), listener)) {
            // capture times, as a camera's frames carry them: already past when pushed (a lone frame goes out at once)
            long t0 = System.nanoTime() - 200_000_000L;
            for (int i = 0; i < 3; i++) {
                s.pushInput(Fakes.tagged(i).withTimestamp(t0 + i * 33_000_000L));
            }
            for (int i = 0; i < 3; i++) {
                Frame f = s.nextOutput();
                assertEquals(i, Fakes.tag(f));
                assertEquals("PMO", new String(f.rgb(), 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
                assertEquals(t0 + i * 33_000_000L, f.timestampNanos(), "media timestamps pass through");
            }
            assertTrue(s.stats().latencyMs() >= 0, "latency measured for timestamped frames");
            assertTrue(s.stats().ttffMs() >= 0);
            assertEquals(3, s.stats().framesIn());
            assertEquals(3, s.stats().framesOut());
            Fakes.await("forwarded value", () -> main.calls.stream()
                    .anyMatch(c -> Boolean.TRUE.equals(c.parameters().get("seen_by_pre"))));
            assertEquals("pre", listener.updates.get(0).get("node_id"));
        }
    }

    @Test
    void textModeGeneratesWithoutInput() throws Exception {
        Fakes.Gray gray = new Fakes.Gray(1);
        Fakes.Generator gen = new Fakes.Generator(3, 1);
        try (Stream s = FrameChain.start("s", List.of(Fakes.stage("gen", gen, ChainStage.Role.MAIN),
                Fakes.stage("gray", gray, ChainStage.Role.POST)), Fakes.json("{'input_mode':'text'}"),
                new Fakes.Listener())) {
            Frame f = s.nextOutput();
            assertTrue(f.rgb()[0] == f.rgb()[1] && f.rgb()[1] == f.rgb()[2], "a generated (red-tagged) frame came out gray");
            assertTrue(gen.calls.get(0).video().isEmpty());
            assertEquals(1, gray.calls.get(0).video().size(), "a later stage always gets frames");
        }
    }
}
