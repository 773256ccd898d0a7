package scope.pipeline.wan.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.graph.ModelWriter;
import scope.pipeline.wan.Graph;
import scope.pipeline.wan.HostTensor;
import scope.pipeline.wan.OrtGraphs;
import scope.pipeline.wan.StatefulGraph;
import scope.pipeline.wan.WanContract;

/**
 * The real Wan 2.1 VAE's size (dim 96, random weights in its exact key layout): converts, loads under the contract
 * and streams at 64x64 on the CPU - a first and a later decoder chunk, a first and a later encoder chunk.
 */
class WanVaeRealSizeTest {
    @TempDir
    Path dir;

    @Test
    void fullSizeVaeConvertsAndStreamsAtSmallResolution() throws Exception {
        Weights weights = WanVaeLayouts.random(WanVaeLayouts.shapes(96, 16), "Wan2.1_VAE.pth (random)");
        long start = System.nanoTime();
        List<ModelWriter.Written> written = WanVaeConverter.convert(weights, dir, WanVaeConverter.Options.fp32());
        double convertSeconds = (System.nanoTime() - start) / 1e9;
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long bytes = written.stream().mapToLong(ModelWriter.Written::weightBytes).sum();
        // Wan2.1_VAE.pth holds 126.9 M float32 parameters (conv1's log-variance half is not needed by the encoder)
        assertTrue(bytes > 480e6 && bytes < 520e6, "weight bytes " + bytes);

        int height = 64;
        int width = 64;
        Map<String, Long> bindings = WanContract.resolutionBindings(height, width);
        Path decoderFile = dir.resolve(WanContract.VAE_DECODER.file());
        Path encoderFile = dir.resolve(WanContract.VAE_ENCODER.file());
        OrtGraphs engine = new OrtGraphs(0);
        try (Graph d = engine.open(decoderFile); Graph e = engine.open(encoderFile)) {
            WanContract.VAE_DECODER.check(decoderFile, d, bindings);
            WanContract.VAE_ENCODER.check(encoderFile, e, bindings);
            try (StatefulGraph decoder = new StatefulGraph(decoderFile, d, bindings);
                    StatefulGraph encoder = new StatefulGraph(encoderFile, e, bindings)) {
                assertEquals(32, decoder.stateCount());
                assertEquals(24, encoder.stateCount());
                long t0 = System.nanoTime();
                HostTensor first = encoder.run("video", random(1, 1, 3, 13, height, width), "latents");
                HostTensor later = encoder.run("video", random(2, 1, 3, 12, height, width), "latents");
                long t1 = System.nanoTime();
                assertArrayEquals(new long[] {1, 16, 4, 8, 8}, first.shape());
                assertArrayEquals(new long[] {1, 16, 3, 8, 8}, later.shape());
                HostTensor frames0 = decoder.run("latents", later, "frames");
                HostTensor frames1 = decoder.run("latents", later, "frames");
                long t2 = System.nanoTime();
                assertArrayEquals(new long[] {9, height, width, 3}, frames0.shape());
                assertArrayEquals(new long[] {12, height, width, 3}, frames1.shape());
                assertFinite(first);
                assertFinite(later);
                assertNotFlat(frames1.byteBuffer());
                System.out.printf(Locale.ROOT, "real-size Wan VAE: %.0f MB of weights converted in %.1f s (Java heap "
                        + "peak %.0f MB); at %dx%d encode 13+12 frames %.2f s, decode 3+3 latents %.2f s (ONNX Runtime "
                        + "CPU); process peak resident %s%n", bytes / 1e6, convertSeconds, heapPeak / 1e6, height,
                        width, (t1 - t0) / 1e9, (t2 - t1) / 1e9, peakResident());
            }
        }
        assertTrue(Files.size(decoderFile) > 200e6);
    }

    /** The process's peak resident memory (Linux), weights loaded by ONNX Runtime included. */
    private static String peakResident() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return "unknown";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
    }

    private static HostTensor random(long seed, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return HostTensor.floats(v, shape);
    }

    private static void assertFinite(HostTensor t) {
        for (float v : t.floatData()) {
            assertTrue(Float.isFinite(v), "non-finite value in " + t);
        }
    }

    /** Random weights give some image: not every byte equal. */
    private static void assertNotFlat(ByteBuffer frames) {
        byte b = frames.get(0);
        boolean varies = false;
        for (int i = 1; i < frames.capacity() && !varies; i++) {
            varies = frames.get(i) != b;
        }
        assertTrue(varies, "every frame byte is " + b);
    }
}
