package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The playout controller on simulated time: every time is a plain number, nothing sleeps. */
class PlayoutControllerTest {
    private static final long MS = 1_000_000L;

    @Test
    void firstFrameWaitsOneFrameOfPreRollThenDeadlinesAdvanceFromThePreviousDeadline() {
        PlayoutController p = new PlayoutController();
        assertEquals(50 * MS, p.schedule(0, 0, 20.0), "pre-roll: one frame at 20 fps");
        // the consumer comes back 1 ms and 3 ms after the deadlines: the next deadline does not move with it
        assertEquals(100 * MS, p.schedule(51 * MS, 0, 20.0));
        assertEquals(150 * MS, p.schedule(103 * MS, 0, 20.0));
        assertEquals(20.0, p.outputFps(), 1e-9);
        assertEquals(0, p.underruns());
    }

    @Test
    void aFrameThatWasNotThereAtItsDeadlineGoesOutAtOnceAndTheScheduleContinuesFromThere() {
        PlayoutController p = new PlayoutController();
        p.schedule(0, 0, 20.0);
        assertEquals(300 * MS, p.schedule(300 * MS, 290 * MS, 20.0), "late: now, no burst");
        assertEquals(1, p.underruns());
        // one frame later; the late batch may have stepped the rate down by MAX_STEP
        assertEquals(350 * MS, p.schedule(301 * MS, 290 * MS, 20.0), 50 * MS * PlayoutController.MAX_STEP * 1.02);
    }

    @Test
    void restartSendsABufferedFrameAtOnce() {
        PlayoutController p = new PlayoutController();
        p.schedule(0, 0, 20.0);
        p.schedule(50 * MS, 0, 20.0);
        p.restart(2_000 * MS);
        assertEquals(2_000 * MS, p.schedule(2_000 * MS, 10 * MS, 20.0));
        assertEquals(0, p.underruns(), "a restart is not an underrun");
    }

    @Test
    void anUnpauseThawsTheScheduleWithTheRestOfTheIntervalThatWasRunningAtThePause() {
        PlayoutController p = new PlayoutController();
        p.schedule(0, 0, 20.0);
        long due = p.schedule(50 * MS, 0, 20.0);
        assertEquals(100 * MS, due);
        p.pause(110 * MS); // the frame due at 100 went out; the next would have been due at 150, 40 ms later
        p.resume(2_110 * MS);
        assertEquals(2_150 * MS, p.schedule(2_110 * MS, 60 * MS, 20.0), "due 40 ms after the unpause, not at once");
        assertEquals(0, p.underruns());
    }

    @Test
    void theRateFollowsTheMeasuredArrivalRateNotAWrongProducerEstimate() {
        // 4 frames every 250 ms = 16 fps, while the producer's own estimate claims 20
        Playback run = Playback.of(new PlayoutController(), regularBatches(4, 250 * MS, 240), 20.0);
        assertEquals(16.0, run.rates.get(run.rates.size() - 1), 0.1);
        assertEquals(0, run.underrunsAfter(10_000 * MS), "settled: no underrun");
    }

    @Test
    void aProducerFasterThanSixtyFramesASecondIsPlayedAtSixty() {
        // 12 frames every 100 ms = 120 fps arriving
        Playback run = Playback.of(new PlayoutController(), regularBatches(12, 100 * MS, 100), 60.0);
        assertEquals(60.0, run.rates.get(run.rates.size() - 1), 0.01);
    }

    @Test
    void irregularBatchesComeOutEvenlyWithTheSlackSteeredToTheMargin() {
        // 20 fps on average, but batches alternate between 120 ms and 280 ms apart
        List<long[]> batches = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 300; i++) {
            t += (i % 2 == 0 ? 120 : 280) * MS;
            batches.add(new long[] {t, 4});
        }
        PlayoutController p = new PlayoutController();
        Playback run = Playback.of(p, batches, 20.0);
        assertEquals(0, run.underrunsAfter(10_000 * MS));
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = run.rates.size() / 2; i < run.rates.size(); i++) {
            min = Math.min(min, run.rates.get(i));
            max = Math.max(max, run.rates.get(i));
        }
        assertTrue(max - min < 0.4, "rate settled near 20 fps: " + min + " .. " + max);
        assertEquals(20.0, (max + min) / 2, 0.2);
        // the slack ahead of each batch stays near the margin the controller measured, not growing with time
        double margin = p.marginSeconds() * 1e3;
        assertTrue(margin > 50 && margin <= PlayoutController.MAX_MARGIN_SECONDS * 1e3, "margin " + margin);
        double lastSlack = run.batchSlackMs.get(run.batchSlackMs.size() - 1);
        assertTrue(lastSlack > 0 && lastSlack < margin + 120, "slack " + lastSlack + " ms, margin " + margin);
    }

    @Test
    void theRateMovesAtMostTheAllowedStepPerFrame() {
        // the producer halves its rate after 10 s
        List<long[]> batches = new ArrayList<>(regularBatches(4, 200 * MS, 50));
        long t = batches.get(batches.size() - 1)[0];
        for (int i = 0; i < 50; i++) {
            t += 400 * MS;
            batches.add(new long[] {t, 4});
        }
        Playback run = Playback.of(new PlayoutController(), batches, 20.0);
        double biggest = 0;
        for (int i = 1; i < run.rates.size(); i++) {
            biggest = Math.max(biggest, Math.abs(run.rates.get(i) / run.rates.get(i - 1) - 1));
        }
        assertTrue(biggest <= PlayoutController.MAX_STEP + 1e-9, "largest step " + biggest);
        assertEquals(10.0, run.rates.get(run.rates.size() - 1), 0.3, "it got there");
    }

    private static List<long[]> regularBatches(int frames, long period, int count) {
        List<long[]> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(new long[] {i * period, frames});
        }
        return out;
    }

    /** A consumer that takes each frame as soon as it is there and its previous frame has gone out. */
    private static final class Playback {
        final List<Double> rates = new ArrayList<>();
        final List<Long> underrunTimes = new ArrayList<>();
        final List<Double> batchSlackMs = new ArrayList<>();

        static Playback of(PlayoutController p, List<long[]> batches, double producerFps) {
            Playback run = new Playback();
            long now = 0;
            for (long[] batch : batches) {
                for (int i = 0; i < batch[1]; i++) {
                    now = Math.max(now, batch[0]);
                    long before = p.underruns();
                    long due = p.schedule(now, batch[0], producerFps);
                    if (p.underruns() > before) {
                        run.underrunTimes.add(now);
                    }
                    if (i == 0) {
                        run.batchSlackMs.add((due - batch[0]) / 1e6);
                    }
                    now = Math.max(now, due);
                    run.rates.add(p.outputFps());
                }
            }
            return run;
        }

        long underrunsAfter(long time) {
            return underrunTimes.stream().filter(t -> t > time).count();
        }
    }
}
