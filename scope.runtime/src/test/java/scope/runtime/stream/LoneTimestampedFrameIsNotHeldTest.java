package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import scope.api.Frame;

/**
 * Passed-through frames (media timestamps) at the sink: a frame whose batch was one frame goes out as soon as it is
 * there, however far its media time is ahead of the clock anchored by an earlier (slower) frame; the frames of a
 * larger batch are still spread by their media times.
 */
class LoneTimestampedFrameIsNotHeldTest {
    private static final long MS = 1_000_000L;
    private static final long FRAME = 1_000_000_000L / 30;

    /** Fake time: moves only when the test advances it or the pacer waits; every wait is recorded. */
    static final class FakeClock implements Clock {
        long now = 1_000 * MS;
        final List<Long> waits = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            waits.add(nanos);
            now += nanos;
        }

        @Override
        public boolean awaitUntil(long deadline, StopSignal stop) {
            if (deadline > now) {
                waits.add(deadline - now);
                now = deadline;
            }
            return stop.isRaised();
        }
    }

    private static Frame frame(long media) {
        return new Frame(2, 2, new byte[12], media);
    }

    @Test
    void framesArrivingOneByOneAreHandedOutAtOnceEvenWhenTheFirstOneWasLate() throws Exception {
        FakeClock clock = new FakeClock();
        FrameQueue sink = new FrameQueue("sink", 30, clock);
        OutputPacer pacer = new OutputPacer(sink, new BatchFpsEstimator(), new PauseState(), new StopSignal(), clock);
        long media0 = 5_000 * MS;
        Frame first = frame(media0);
        sink.offer(first);
        assertSame(first, pacer.next());
        // the first frame was 50 ms slower through the chain than the ones after it (a cold start): by the media
        // clock anchored at it, each later frame is 50 ms early
        clock.now += FRAME - 50 * MS;
        for (int i = 1; i <= 10; i++) {
            Frame f = frame(media0 + i * FRAME);
            sink.offer(f);
            assertSame(f, pacer.next());
            clock.now += FRAME;
        }
        assertEquals(List.of(), clock.waits, "no frame that came alone was held");
    }

    @Test
    void framesOfOneBatchAreStillSpreadByTheirMediaTimes() throws Exception {
        FakeClock clock = new FakeClock();
        FrameQueue sink = new FrameQueue("sink", 30, clock);
        OutputPacer pacer = new OutputPacer(sink, new BatchFpsEstimator(), new PauseState(), new StopSignal(), clock);
        long media0 = 5_000 * MS;
        List<Frame> batch = List.of(frame(media0), frame(media0 + FRAME), frame(media0 + 2 * FRAME),
                frame(media0 + 3 * FRAME));
        sink.offerAll(batch, n -> { });
        for (Frame f : batch) {
            assertSame(f, pacer.next());
        }
        assertEquals(List.of(FRAME, FRAME, FRAME), clock.waits, "one frame interval between the batch's frames");
    }
}
