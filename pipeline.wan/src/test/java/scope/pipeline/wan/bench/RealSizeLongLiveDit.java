package scope.pipeline.wan.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import scope.graph.Precision;
import scope.graph.TensorData;
import scope.pipeline.wan.CausalDit;
import scope.pipeline.wan.FlowMatchSchedule;
import scope.pipeline.wan.Graph;
import scope.pipeline.wan.HostTensor;
import scope.pipeline.wan.KvCache;
import scope.pipeline.wan.OrtGraphs;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.WanVariant;
import scope.pipeline.wan.convert.CausalDitConverter;
import scope.pipeline.wan.convert.Weights;

/**
 * LongLive's DiT at its real size (Wan2.1-T2V-1.3B: width 1536, 12 heads, 30 layers, FFN 8960, text 4096) with
 * random weights in the real key layout, generated while they are written: converts at FP32 (external data) and
 * runs one block (4 denoising calls and the clean cache pass) at 64x64 on the CPU against the per-layer cache.
 * Prints conversion time, file sizes, peak memory and per-call times; not a test (5.7 GB written).
 * Argument: the directory to write into (default: a temporary one, deleted after).
 */
public final class RealSizeLongLiveDit {
    private static final int DIM = 1536;
    private static final int FFN = 8960;
    private static final int LAYERS = 30;
    private static final int HEADS = 12;
    private static final int TEXT = 4096;
    private static final int FREQ = 256;

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("real-size-dit");
        Path file = dir.resolve(WanContract.DIT_FILE);
        Weights weights = randomLongLive();
        long t0 = System.nanoTime();
        CausalDitConverter.Result r = CausalDitConverter.convert(weights, HEADS, 1e-6, false, file, Precision.FP32);
        double convert = (System.nanoTime() - t0) / 1e9;
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("converted in %.1f s: %s (%.1f MB) + %s (%.2f GB of weights); Java heap peak %.2f GB;"
                + " %d layers, width %d, %d heads%n", convert, file.getFileName(), Files.size(file) / 1e6,
                r.written().data() == null ? "-" : r.written().data().getFileName(), r.written().weightBytes() / 1e9,
                heapPeak / 1e9, r.config().layers(), r.config().dim(), r.config().heads());

        int h8 = 8;
        int w8 = 8;
        int frameTokens = (h8 / 2) * (w8 / 2);
        WanVariant v = WanVariant.LONGLIVE;
        long t1 = System.nanoTime();
        try (Graph graph = new OrtGraphs(0).open(file)) {
            System.out.printf("loaded in ONNX Runtime in %.1f s; process peak resident %.2f GB%n",
                    (System.nanoTime() - t1) / 1e9, peakResidentGb());
            KvCache cache = new KvCache(LAYERS, v.cacheFrames(), v.sinkFrames(), v.attentionFrames(), frameTokens, DIM);
            CausalDit dit = new CausalDit(graph, false, h8, w8, LAYERS, DIM);
            List<Integer> steps = List.of(1000, 750, 500, 250);
            FlowMatchSchedule schedule = new FlowMatchSchedule(steps, 5.0);
            SplittableRandom random = new SplittableRandom(1);
            float[] xt = new float[16 * 3 * h8 * w8];
            for (int i = 0; i < xt.length; i++) {
                xt[i] = (float) random.nextGaussian();
            }
            float[] embeds = new float[WanContract.TEXT_TOKENS * TEXT];
            for (int i = 0; i < 20 * TEXT; i++) {
                embeds[i] = (float) (random.nextGaussian() * 0.1);
            }
            long[] positions = {0, 1, 2};
            float[] x0 = new float[xt.length];
            for (int i = 0; i < schedule.size(); i++) {
                long c0 = System.nanoTime();
                float[] flow = dit.flow(HostTensor.floats(xt, 1, 16, 3, h8, w8), positions, schedule.timestep(i),
                        embeds, cache, 1f).floatData();
                System.out.printf("denoising call %d (t=%.0f): %.1f s, flow_pred finite: %b%n", i,
                        schedule.timestep(i), (System.nanoTime() - c0) / 1e9, finite(flow));
                FlowMatchSchedule.toX0(xt, flow, schedule.sigma(i), x0);
                if (i + 1 < schedule.size()) {
                    float[] noise = new float[xt.length];
                    for (int k = 0; k < noise.length; k++) {
                        noise[k] = (float) random.nextGaussian();
                    }
                    FlowMatchSchedule.renoise(x0, noise, schedule.sigma(i + 1), xt);
                }
            }
            long c0 = System.nanoTime();
            cache.write(dit.keysAndValues(HostTensor.floats(x0, 1, 16, 3, h8, w8), positions, embeds, cache),
                    positions);
            System.out.printf("clean cache pass: %.1f s; the cache holds %s; process peak resident %.2f GB%n",
                    (System.nanoTime() - c0) / 1e9, java.util.Arrays.toString(cache.positions()), peakResidentGb());
        }
        if (args.length == 0) {
            Files.deleteIfExists(dir.resolve(WanContract.DIT_FILE + ".data"));
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static boolean finite(float[] values) {
        for (float f : values) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    /** VmHWM of this process (Linux), or NaN where not available. */
    private static double peakResidentGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1e6;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return Double.NaN;
    }

    /** Wan2.1-T2V-1.3B's state dict shapes with seeded uniform values scaled by 1/sqrt(fan-in), made when read. */
    private static Weights randomLongLive() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("patch_embedding.weight", new long[] {DIM, 16, 1, 2, 2});
        shapes.put("patch_embedding.bias", new long[] {DIM});
        linear(shapes, "text_embedding.0", DIM, TEXT);
        linear(shapes, "text_embedding.2", DIM, DIM);
        linear(shapes, "time_embedding.0", DIM, FREQ);
        linear(shapes, "time_embedding.2", DIM, DIM);
        linear(shapes, "time_projection.1", 6 * DIM, DIM);
        for (int l = 0; l < LAYERS; l++) {
            String b = "blocks." + l + ".";
            for (String attn : new String[] {"self_attn.", "cross_attn."}) {
                for (String p : new String[] {"q", "k", "v", "o"}) {
                    linear(shapes, b + attn + p, DIM, DIM);
                }
                shapes.put(b + attn + "norm_q.weight", new long[] {DIM});
                shapes.put(b + attn + "norm_k.weight", new long[] {DIM});
            }
            shapes.put(b + "norm3.weight", new long[] {DIM});
            shapes.put(b + "norm3.bias", new long[] {DIM});
            linear(shapes, b + "ffn.0", FFN, DIM);
            linear(shapes, b + "ffn.2", DIM, FFN);
            shapes.put(b + "modulation", new long[] {1, 6, DIM});
        }
        linear(shapes, "head.head", 64, DIM);
        shapes.put("head.modulation", new long[] {1, 2, DIM});
        Set<String> names = shapes.keySet();
        return new Weights() {
            @Override
            public String source() {
                return "longlive_base.pt (random, real shapes)";
            }

            @Override
            public Set<String> names() {
                return names;
            }

            @Override
            public long[] shape(String name) {
                return shapes.get(name).clone();
            }

            @Override
            public TensorData data(String name) {
                long[] s = shapes.get(name);
                long n = 1;
                for (long d : s) {
                    n *= d;
                }
                boolean norm = name.contains("norm");
                float constant = norm && name.endsWith(".weight") ? 1f : 0f;
                double scale = norm ? 0 : s.length >= 2 ? 1 / Math.sqrt(n / s[0]) : 0.02;
                long seed = name.hashCode();
                return TensorData.reading(n, (from, into) -> {
                    // seeded by the range's start: a tensor reads the same every time
                    SplittableRandom r = new SplittableRandom(seed + from);
                    for (int i = into.position(); i < into.limit(); i++) {
                        into.put(i, norm ? constant : (float) ((r.nextDouble() * 2 - 1) * scale));
                    }
                });
            }
        };
    }

    private static void linear(Map<String, long[]> shapes, String key, long out, long in) {
        shapes.put(key + ".weight", new long[] {out, in});
        shapes.put(key + ".bias", new long[] {out});
    }
}
