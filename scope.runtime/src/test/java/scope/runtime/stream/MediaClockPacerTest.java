package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import scope.api.Frame;

/** The six cases of Scope's tests/test_pacing.py (spec 6.2), on a fake clock. */
class MediaClockPacerTest {
    private static final long MS = 1_000_000L;
    private static final long FRAME = 1_000_000_000L / 30;

    /** A clock that only moves when slept on (plus an optional oversleep) or advanced by the test. */
    static final class FakeClock implements Clock {
        long now = 1_000 * MS;
        long oversleep;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos + oversleep;
        }
    }

    @Test
    void backlogWithSchedulerOversleepSettlesAtIntervalMinusOversleep() throws Exception {
        FakeClock clock = new FakeClock();
        clock.oversleep = 1 * MS;
        MediaClockPacer pacer = new MediaClockPacer(clock);
        for (int i = 0; i < 30; i++) {
            pacer.pace(i * FRAME); // all frames already queued: no wall time passes between them except sleeps
        }
        List<Long> sleeps = clock.sleeps;
        assertEquals(29, sleeps.size());
        for (int i = 1; i < sleeps.size(); i++) {
            assertTrue(Math.abs(sleeps.get(i) - sleeps.get(i - 1)) < 3 * MS, "sleeps vary by less than 3 ms");
        }
        long last = sleeps.get(sleeps.size() - 1);
        assertTrue(Math.abs(last - (FRAME - MS)) <= 3 * MS, "settles at interval - 1 ms, got " + last);
    }

    @Test
    void quarterSecondStallWithContinuousPtsCatchesUpWithoutReset() {
        MediaClockPacer pacer = new MediaClockPacer(new FakeClock());
        long w = 0;
        pacer.decide(0, w);
        pacer.sent(w);
        pacer.decide(FRAME, w += FRAME);
        pacer.sent(w);
        MediaClockPacer.Decision d = pacer.decide(2 * FRAME, w += FRAME + 250 * MS);
        assertFalse(d.hardReset());
        assertFalse(d.softReanchor());
        assertEquals(0, d.sleepNanos());
        assertTrue(d.driftNanos() > 0);
        assertEquals(FRAME + 250 * MS, d.wallDeltaNanos());
    }

    @Test
    void longWallDelaySoftReanchorsWithoutSleeping() {
        MediaClockPacer pacer = new MediaClockPacer(new FakeClock());
        long w = 0;
        pacer.decide(0, w);
        pacer.sent(w);
        MediaClockPacer.Decision d = pacer.decide(FRAME, w + 900 * MS);
        assertTrue(d.softReanchor());
        assertFalse(d.hardReset());
        assertEquals(0, d.sleepNanos());
        // the next frame on time is paced from the new anchor
        MediaClockPacer.Decision next = pacer.decide(2 * FRAME, w + 900 * MS);
        assertEquals(FRAME, next.sleepNanos());
    }

    @Test
    void ptsJumpAfterTwoNormalFramesIsAHardReset() {
        MediaClockPacer pacer = new MediaClockPacer(new FakeClock());
        long w = 0;
        assertFalse(pacer.decide(0, w).hardReset());
        pacer.sent(w);
        assertFalse(pacer.decide(FRAME, w += FRAME).hardReset());
        pacer.sent(w);
        MediaClockPacer.Decision d = pacer.decide(FRAME + 1_000 * MS, w + FRAME);
        assertTrue(d.hardReset());
        assertEquals(0, d.sleepNanos());
    }

    @Test
    void missingTimestampIsAHardResetWithInvalidTimestamp() {
        MediaClockPacer pacer = new MediaClockPacer(new FakeClock());
        pacer.decide(0, 0);
        MediaClockPacer.Decision d = pacer.decide(Frame.NO_TIMESTAMP, FRAME);
        assertTrue(d.hardReset());
        assertFalse(d.validTimestamp());
        assertEquals(0, d.sleepNanos());
    }

    @Test
    void trackHelperSleepsOnceForTheSecondFrameAndRecordsWallAfterSleeping() throws Exception {
        FakeClock clock = new FakeClock();
        long start = clock.now;
        MediaClockPacer pacer = new MediaClockPacer(clock);
        pacer.pace(pts90k(0));
        pacer.pace(pts90k(6000));
        assertEquals(List.of(pts90k(6000)), clock.sleeps, "exactly one sleep of 6000/90000 s");
        // prev wall = time after the sleep: a frame one more interval later, arriving now, must sleep a full interval
        MediaClockPacer.Decision d = pacer.decide(pts90k(12000), start + pts90k(6000));
        assertEquals(pts90k(12000) - pts90k(6000), d.sleepNanos());
        assertEquals(0, d.wallDeltaNanos(), "prev wall was set to start + 6000/90000 s");
    }

    @Test
    void smallDriftInsideTheDeadbandIsNotSlept() {
        MediaClockPacer pacer = new MediaClockPacer(new FakeClock());
        pacer.decide(0, 0);
        assertEquals(0, pacer.decide(FRAME, FRAME - 5 * MS).sleepNanos());
        assertEquals(15 * MS, pacer.decide(2 * FRAME, 2 * FRAME - 15 * MS).sleepNanos());
    }

    private static long pts90k(long pts) {
        return pts * 1_000_000_000L / 90_000;
    }
}
