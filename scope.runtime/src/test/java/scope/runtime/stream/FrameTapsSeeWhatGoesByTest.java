package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import scope.api.Frame;

/** Frame taps (the recorder's hook): every delivered frame, a pause's repeats included, then one end. */
class FrameTapsSeeWhatGoesByTest {

    static final class Tap implements FrameTap {
        final List<Frame> frames = new CopyOnWriteArrayList<>();
        final List<Long> times = new CopyOnWriteArrayList<>();
        final AtomicInteger ends = new AtomicInteger();

        @Override
        public void frame(Frame frame, long atNanos) {
            frames.add(frame);
            times.add(atNanos);
        }

        @Override
        public void ended() {
            ends.incrementAndGet();
        }
    }

    @Test
    void anOutputTapSeesEachDeliveredFrameInOrderWithItsTimeAndThePauseAsRepeats() throws Exception {
        Tap tap = new Tap();
        Stream s = FrameChain.start("s", List.of(Fakes.stage("main", new Fakes.Generator(2, 5), ChainStage.Role.MAIN)),
                Fakes.json("{'input_mode':'text'}"), new Fakes.Listener());
        Runnable untap = s.tapOutput(0, tap);
        Frame a = s.nextOutput();
        Frame b = s.nextOutput();
        s.update(Fakes.json("{'paused':true}"));
        Frame frozen = s.nextOutput();
        Frame again = s.nextOutput();
        assertSame(frozen, again);
        assertEquals(List.of(a, b, frozen, again), tap.frames);
        for (int i = 1; i < tap.times.size(); i++) {
            assertTrue(tap.times.get(i) >= tap.times.get(i - 1), "times advance: " + tap.times);
        }
        untap.run();
        s.nextOutput();
        assertEquals(4, tap.frames.size(), "removed taps see nothing more");

        Tap second = new Tap();
        s.tapOutput(0, second);
        s.close();
        assertEquals(1, second.ends.get(), "told once that the stream ended");
        assertEquals(0, tap.ends.get(), "a removed tap is not told");
        Tap late = new Tap();
        s.tapOutput(0, late);
        assertEquals(1, late.ends.get(), "a tap added to a stopped stream is told at once");
        assertThrows(IndexOutOfBoundsException.class, () -> s.tapOutput(1, new Tap()));
    }

    @Test
    void anInputTapSeesAcceptedInputAndNoticesReachTheListener() throws Exception {
        List<Map<String, Object>> notices = new CopyOnWriteArrayList<>();
        StreamListener listener = new StreamListener() {
            @Override
            public void parametersUpdated(Map<String, Object> parameters) {
            }

            @Override
            public void streamStopped(String errorMessage) {
            }

            @Override
            public void notice(Map<String, Object> message) {
                notices.add(message);
            }
        };
        Tap tap = new Tap();
        try (Stream s = FrameChain.start("s", List.of(Fakes.stage("g", new Fakes.Gray(1), ChainStage.Role.MAIN)),
                Fakes.json("{'input_mode':'video'}"), listener)) {
            s.tapInput(tap);
            Frame in = Fakes.tagged(7);
            s.pushInput(in);
            assertEquals(List.of(in), tap.frames);
            s.notice(Map.of("type", "recording_started"));
            assertEquals(List.of(Map.of("type", "recording_started")), notices);
        }
        assertEquals(1, tap.ends.get());
    }
}
