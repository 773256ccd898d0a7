package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameRatePacerTest {
    private static final long MS = 1_000_000L;

    @Test
    void dueTimesAdvanceByThePeriodFromThePreviousDueTimeNotFromWhenTheFrameLeft() {
        FrameRatePacer p = new FrameRatePacer();
        long first = p.due(0, 25.0);
        assertEquals(0, first);
        // the consumer overslept by 3 ms and asks at 43 ms: the next frame is still due at 40 ms + 40 ms
        assertEquals(40 * MS, p.due(1 * MS, 25.0));
        assertEquals(80 * MS, p.due(43 * MS, 25.0));
    }

    @Test
    void aLateFrameGoesOutAtOnceAndRestartsTheSchedule() {
        FrameRatePacer p = new FrameRatePacer();
        p.due(0, 25.0);
        assertEquals(100 * MS, p.due(100 * MS, 25.0), "late: now, no burst");
        assertEquals(140 * MS, p.due(101 * MS, 25.0));
    }

    @Test
    void resetSendsTheNextFrameAtOnce() {
        FrameRatePacer p = new FrameRatePacer();
        p.due(0, 25.0);
        p.reset();
        assertEquals(5 * MS, p.due(5 * MS, 25.0));
    }
}
