package scope.runtime.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;
import scope.api.Requirements;
import scope.api.config.Param;
import scope.runtime.schema.ConfigSchema;

/** Small fake pipelines, schemas and listeners shared by the stream tests. */
final class Fakes {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fakes() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Config of the fakes: one bounded plugin knob. */
    public static class KnobConfig {
        @Param(minimum = 0, maximum = 1)
        public double strength = 0.5;

        public KnobConfig() {
        }
    }

    /** A config with a different knob, to check routing by schema. */
    public static class OtherConfig {
        public int depthLevels = 3;

        public OtherConfig() {
        }
    }

    static ChainStage stage(String nodeId, Pipeline p, ChainStage.Role role) {
        return new ChainStage(nodeId, nodeId + "-pipeline", p, ConfigSchema.of(KnobConfig.class), role);
    }

    /** A frame whose first byte carries a tag, so a test can tell frames apart. */
    static Frame tagged(int tag) {
        byte[] rgb = new byte[4 * 4 * 3];
        rgb[0] = (byte) tag;
        return new Frame(4, 4, rgb);
    }

    static int tag(Frame f) {
        return f.rgb()[0] & 0xff;
    }

    /** Waits up to 10 s for a condition; the generous bound only guards against a hang. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    /** Records every call; subclasses decide what a call returns. */
    abstract static class Recording implements Pipeline {
        final List<PipelineCall> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger prepares = new AtomicInteger();
        volatile boolean closed;

        @Override
        public Requirements prepare(Parameters parameters) {
            prepares.incrementAndGet();
            return null;
        }

        @Override
        public PipelineOutput process(PipelineCall call) throws Exception {
            calls.add(call);
            return produce(call, calls.size());
        }

        abstract PipelineOutput produce(PipelineCall call, int callNumber) throws Exception;

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Text-mode generator: each call sleeps, then returns {@code batch} frames tagged with the call number. */
    static final class Generator extends Recording {
        final int batch;
        final long sleepMillis;

        Generator(int batch, long sleepMillis) {
            this.batch = batch;
            this.sleepMillis = sleepMillis;
        }

        @Override
        PipelineOutput produce(PipelineCall call, int callNumber) throws InterruptedException {
            Thread.sleep(sleepMillis);
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                frames.add(tagged(callNumber));
            }
            return PipelineOutput.of(frames);
        }
    }

    /** Video-mode stage: needs {@code inputSize} frames and turns each into gray (R=G=B=luma). */
    static final class Gray extends Recording {
        final int inputSize;

        Gray(int inputSize) {
            this.inputSize = inputSize;
        }

        @Override
        public Requirements prepare(Parameters parameters) {
            super.prepare(parameters);
            return parameters.videoMode() ? Requirements.inputSize(inputSize) : null;
        }

        @Override
        PipelineOutput produce(PipelineCall call, int callNumber) {
            List<Frame> out = new ArrayList<>();
            for (Frame f : call.video()) {
                byte[] rgb = f.rgb().clone();
                for (int i = 0; i < rgb.length; i += 3) {
                    int y = ((rgb[i] & 0xff) * 299 + (rgb[i + 1] & 0xff) * 587 + (rgb[i + 2] & 0xff) * 114) / 1000;
                    rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) y;
                }
                out.add(new Frame(f.width(), f.height(), rgb, f.timestampNanos()));
            }
            return PipelineOutput.of(out);
        }
    }

    /** Listener that records what it hears. */
    static final class Listener implements StreamListener {
        final List<String> stops = new CopyOnWriteArrayList<>();
        final List<Map<String, Object>> updates = new CopyOnWriteArrayList<>();

        @Override
        public void parametersUpdated(Map<String, Object> parameters) {
            updates.add(parameters);
        }

        @Override
        public void streamStopped(String errorMessage) {
            stops.add(String.valueOf(errorMessage));
        }
    }
}
