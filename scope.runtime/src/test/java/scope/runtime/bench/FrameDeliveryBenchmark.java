package scope.runtime.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;
import scope.api.Requirements;
import scope.runtime.schema.ConfigSchema;
import scope.runtime.stream.ChainStage;
import scope.runtime.stream.FrameChain;
import scope.runtime.stream.Stream;
import scope.runtime.stream.StreamListener;
import scope.runtime.stream.StreamStats;

/**
 * Frame delivery benchmark (Scope's {@code tests/test_frame_delivery.py}, spec 6.1), run against the real frame
 * chain: a stub generator pipeline in a one-stage chain, consumed through {@link Stream#nextOutput()}.
 *
 * <p>The stub sleeps {@code delay} plus Gaussian noise of stdev {@code variance} (floored at 10 ms; noise from
 * {@code new Random(42)}), and returns {@code batch} random 64x64 frames; {@code prepare()} returns null. The stub
 * sleeps to a deadline, so its real duration is the drawn one and the ideal FPS really is {@code batch / delay}.
 *
 * <p>The consumer follows the spec's loop: take a frame (here {@code nextOutput()}, which does the pacing), record the
 * interval since the previous frame and the FPS value the frame was paced at ({@code StreamStats.outputFps}, the
 * rate a client sees; the spec's consumer paces at the value it reads, so that is the same number there). The pause scenario sends
 * {@code {"paused":true}} at 5 s, stops consuming for 2 s, sends {@code {"paused":false}} and does not count the gap.
 *
 * <p>Metrics: jitter = stdev/mean of intervals; stalls = share of intervals above 1.5x the ideal interval; FPS error
 * = |mean FPS reading - ideal| / ideal (and, extra, against the producer's real rate); FPS stdev of the readings;
 * max interval; empty polls of the sink. Extra
 * columns: the error of the producer's batch estimate (pipeline FPS) read the same way; the producer's real mean rate
 * (frames / time between consecutive stub calls, pause gap excluded), because the stub's random delays make it
 * differ from the ideal; and the mean time a frame waited in the playout buffer (the latency the pacing adds).
 *
 * <p>Run: {@code mvn -q -pl scope.runtime -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=scope.runtime.bench.FrameDeliveryBenchmark} (optional argument: a duration scale, e.g. 0.3 for a
 * quick look).
 */
public final class FrameDeliveryBenchmark {

    record Scenario(String name, int batch, double delay, double variance, double duration, Double pauseAt,
            String scope) {
    }

    record Result(double jitter, double stalls, double fpsError, double fpsStdev, double maxIntervalMs,
            double idealIntervalMs, long emptyPolls, int intervals, double meanFps, double idealFps,
            double meanIntervalMs, double estimateError, double producerFps, double bufferWaitMs) {
    }

    /** A config class without fields: the stub has no runtime parameters. */
    public static final class StubConfig {
        public StubConfig() {
        }
    }

    /** The stub pipeline of the spec: a sleeping batch generator. */
    static final class SleepingGenerator implements Pipeline {
        private static final long SPIN_NANOS = 1_000_000L;
        private final int batch;
        private final double delay;
        private final double variance;
        private final Random noise = new Random(42);
        private final SplittableRandom pixels = new SplittableRandom(42);
        /** Start and end (System.nanoTime) of every call, for the producer's real rate. */
        final List<long[]> calls = java.util.Collections.synchronizedList(new ArrayList<>());

        SleepingGenerator(int batch, double delay, double variance) {
            this.batch = batch;
            this.delay = delay;
            this.variance = variance;
        }

        @Override
        public Requirements prepare(Parameters parameters) {
            return null;
        }

        @Override
        public PipelineOutput process(PipelineCall call) {
            long start = System.nanoTime();
            double seconds = delay + (variance > 0 ? noise.nextGaussian() * variance : 0.0);
            long deadline = start + (long) (Math.max(0.01, seconds) * 1e9);
            List<Frame> frames = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                byte[] rgb = new byte[64 * 64 * 3];
                for (int j = 0; j < rgb.length; j += 8) {
                    long r = pixels.nextLong();
                    for (int k = 0; k < 8; k++) {
                        rgb[j + k] = (byte) (r >>> (8 * k));
                    }
                }
                frames.add(new Frame(64, 64, rgb));
            }
            // park until shortly before the deadline, then spin: parking alone wakes up late by up to about a
            // millisecond here, which would make every call longer than drawn and the ideal rate unreachable
            for (long left = deadline - System.nanoTime() - SPIN_NANOS; left > 0;
                    left = deadline - System.nanoTime() - SPIN_NANOS) {
                LockSupport.parkNanos(left);
            }
            while (System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            calls.add(new long[] {start, System.nanoTime()});
            return PipelineOutput.of(frames);
        }

        @Override
        public void close() {
        }

        /**
         * Frames per second the stub really produced: frames over the time between consecutive call ends, counting
         * only calls that started right after the previous one ended (so a pause gap is not producer time).
         */
        double producedFps() {
            double frames = 0;
            double seconds = 0;
            synchronized (calls) {
                for (int i = 1; i < calls.size(); i++) {
                    if (calls.get(i)[0] - calls.get(i - 1)[1] < 50_000_000L) {
                        frames += batch;
                        seconds += (calls.get(i)[1] - calls.get(i - 1)[1]) / 1e9;
                    }
                }
            }
            return frames / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        List<Scenario> scenarios = List.of(
                new Scenario("LongLive-like (12 x 0.5 s)", 12, 0.5, 0.0, 10, null, "0.3 / 0.0 / 0.2 / 0.01"),
                new Scenario("SDv2-like (4 x 0.2 s +- 30 ms)", 4, 0.2, 0.03, 10, null, "5.8 / 0.0 / 1.0 / 0.69"),
                new Scenario("single-frame (1 x 33 ms +- 5 ms)", 1, 0.033, 0.005, 10, null, "4.5 / - / 2.7 / 1.35"),
                new Scenario("pause/resume (12 x 0.5 s, 2 s pause)", 12, 0.5, 0.0, 15, 5.0, "0.3 / 0.0 / 0.2 / 0.01"));
        List<String> rows = new ArrayList<>();
        for (Scenario s : scenarios) {
            Result r = run(s, scale);
            // the output rate against what the stub really produced: the pacer's own accuracy, apart from how far
            // the stub's random delays took its rate from the nominal one
            double vsProducer = Math.abs(r.meanFps() - r.producerFps()) / r.producerFps() * 100;
            rows.add(String.format("| %s | %.2f | %.2f | %.2f | %.2f | %.3f | %.1f / %.1f | %d | %.2f | %.3f / %.3f"
                    + " | %.0f | %s |", s.name(), r.jitter(), r.stalls(), r.fpsError(), vsProducer, r.fpsStdev(),
                    r.maxIntervalMs(), r.idealIntervalMs(), r.emptyPolls(), r.estimateError(), r.producerFps(),
                    r.idealFps(), r.bufferWaitMs(), s.scope()));
            System.out.printf("done: %s (%d intervals, mean FPS reading %.3f, ideal %.3f, mean interval %.3f ms)%n",
                    s.name(), r.intervals(), r.meanFps(), r.idealFps(), r.meanIntervalMs());
        }
        System.out.println();
        System.out.println("| scenario | jitter % | stalls % | FPS err % | FPS err vs producer % | FPS stdev"
                + " | max / ideal interval ms | empty polls | pipeline-estimate FPS err % | producer / ideal FPS"
                + " | buffer wait ms | Scope #617 jitter / stalls / FPS err / FPS stdev |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    static Result run(Scenario s, double scale) throws Exception {
        StreamListener quiet = new StreamListener() {
            @Override
            public void parametersUpdated(Map<String, Object> parameters) {
            }

            @Override
            public void streamStopped(String errorMessage) {
                if (errorMessage != null) {
                    System.err.println("stream stopped: " + errorMessage);
                }
            }
        };
        SleepingGenerator stub = new SleepingGenerator(s.batch(), s.delay(), s.variance());
        ChainStage stage = new ChainStage("stub", "stub", stub,
                ConfigSchema.of(StubConfig.class), ChainStage.Role.MAIN);
        var initial = JsonNodeFactory.instance.objectNode().put("input_mode", "text");
        double idealFps = s.batch() / s.delay();
        double idealInterval = 1.0 / idealFps;
        List<Double> intervals = new ArrayList<>();
        List<Double> fpsReadings = new ArrayList<>();
        List<Double> estimateReadings = new ArrayList<>();
        long duration = (long) (s.duration() * scale * 1e9);
        long pauseAt = s.pauseAt() == null ? Long.MAX_VALUE : (long) (s.pauseAt() * scale * 1e9);
        long emptyPolls;
        double bufferWait;
        try (Stream stream = FrameChain.start("bench", List.of(stage), initial, quiet)) {
            long start = System.nanoTime();
            long lastDelivery = Long.MIN_VALUE;
            boolean paused = false;
            while (System.nanoTime() - start < duration) {
                if (!paused && System.nanoTime() - start >= pauseAt) {
                    stream.update(JsonNodeFactory.instance.objectNode().put("paused", true));
                    Thread.sleep(2000);
                    stream.update(JsonNodeFactory.instance.objectNode().put("paused", false));
                    lastDelivery = Long.MIN_VALUE; // the pause gap is not an interval
                    paused = true;
                }
                Frame frame = stream.nextOutput();
                if (frame == null) {
                    break;
                }
                long now = System.nanoTime();
                if (lastDelivery != Long.MIN_VALUE) {
                    StreamStats stats = stream.stats();
                    intervals.add((now - lastDelivery) / 1e9);
                    fpsReadings.add(stats.outputFps());
                    estimateReadings.add(stats.pipelineFps());
                }
                lastDelivery = now;
            }
            emptyPolls = stream.stats().emptyPolls();
            bufferWait = stream.stats().bufferWaitMs();
        }
        if (System.getenv("BENCH_DUMP") != null) {
            try (var w = new java.io.PrintWriter(System.getenv("BENCH_DUMP") + "-" + s.batch() + "-" + (s.pauseAt() != null) + ".txt")) {
                for (int i = 0; i < intervals.size(); i++) {
                    w.printf("%.4f %.4f %.4f%n", intervals.get(i) * 1000, fpsReadings.get(i), estimateReadings.get(i));
                }
            }
        }
        double mean = mean(intervals);
        double jitter = stdev(intervals) / mean * 100;
        double stalls = intervals.stream().filter(i -> i > 1.5 * idealInterval).count() * 100.0 / intervals.size();
        double fpsError = Math.abs(mean(fpsReadings) - idealFps) / idealFps * 100;
        double max = intervals.stream().mapToDouble(Double::doubleValue).max().orElse(0) * 1000;
        return new Result(jitter, stalls, fpsError, stdev(fpsReadings), max, idealInterval * 1000, emptyPolls,
                intervals.size(), mean(fpsReadings), idealFps, mean * 1000,
                Math.abs(mean(estimateReadings) - idealFps) / idealFps * 100, stub.producedFps(), bufferWait);
    }

    static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Sample standard deviation. */
    static double stdev(List<Double> xs) {
        double m = mean(xs);
        double ss = xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
        return Math.sqrt(ss / Math.max(1, xs.size() - 1));
    }
}
