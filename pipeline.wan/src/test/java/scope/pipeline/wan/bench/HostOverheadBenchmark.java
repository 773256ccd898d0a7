package scope.pipeline.wan.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import scope.api.Parameters;
import scope.api.PipelineCall;
import scope.pipeline.wan.OrtGraphs;
import scope.pipeline.wan.ToyModels;
import scope.pipeline.wan.WanGenerator;
import scope.pipeline.wan.WanGeneratorConfig;
import scope.pipeline.wan.WanModels;
import scope.pipeline.wan.WanVariant;

/**
 * Host-side cost of one generated block: everything the Java loop does except the time inside ONNX Runtime
 * (noise, schedule math, cache bookkeeping and copies, tensor marshalling, frame conversion). Runs toy graphs with
 * the real latent, pixel, prompt and cache-token shapes at 320x576 (toy layer count and widths), so the engine
 * time is small and the host work is the real amount. Each case runs twice: with the toy VAE's small states, and
 * with VAE graphs that also carry states of the real decoder's cache sizes ({@link ToyModels#wanDecoderStates}),
 * which is what a real decoder call hands from one block to the next. Prints a table; not a test.
 */
public final class HostOverheadBenchmark {
    public static void main(String[] args) throws Exception {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int height = 320;
        int width = 576;
        System.out.printf("Host overhead per block, %dx%d, %d blocks after 3 warm-up (ms)%n", width, height, blocks);
        System.out.printf("%-30s %8s %8s %8s %8s%n", "case", "median", "p95", "total", "engine");
        List<long[]> wanStates = ToyModels.wanDecoderStates(height, width);
        long stateBytes = wanStates.stream().mapToLong(s -> Arrays.stream(s).reduce(Float.BYTES, (a, b) -> a * b))
                .sum();
        System.out.printf("'+vae states': %d more VAE states, %.1f MB%n", wanStates.size(), stateBytes / 1e6);
        for (List<long[]> states : List.of(List.<long[]>of(), wanStates)) {
            for (WanVariant variant : List.of(WanVariant.LONGLIVE, WanVariant.KREA)) {
                for (List<Integer> steps : List.of(List.of(1000, 750, 500, 250), List.of(1000, 750))) {
                    Path dir = Files.createTempDirectory("wan-bench");
                    ToyModels.write(dir.resolve("shared"), dir.resolve("dit"), variant.attentionBias(), 4096, states);
                    WanGeneratorConfig config = new WanGeneratorConfig();
                    config.height = height;
                    config.width = width;
                    config.denoisingSteps = steps;
                    try (WanModels models = WanModels.open(new OrtGraphs(1), dir.resolve("shared"), dir.resolve("dit"),
                            variant, height, width)) {
                        WanGenerator generator = new WanGenerator(models, variant, config);
                        Parameters p = new Parameters(
                                Map.of("prompts", List.of(Map.of("text", "a red sky", "weight", 1))), false);
                        double[] host = new double[blocks];
                        double[] total = new double[blocks];
                        double[] engine = new double[blocks];
                        for (int i = -3; i < blocks; i++) {
                            long e0 = models.engineNanos();
                            long t0 = System.nanoTime();
                            generator.generate(new PipelineCall(p, List.of(), i == -3));
                            long t = System.nanoTime() - t0;
                            long e = models.engineNanos() - e0;
                            if (i >= 0) {
                                host[i] = (t - e) / 1e6;
                                total[i] = t / 1e6;
                                engine[i] = e / 1e6;
                            }
                        }
                        String name = (variant == WanVariant.LONGLIVE ? "longlive" : "krea") + " steps=" + steps.size()
                                + (states.isEmpty() ? "" : " +vae states");
                        System.out.printf("%-30s %8.2f %8.2f %8.2f %8.2f%n", name, pct(host, 50), pct(host, 95),
                                pct(total, 50), pct(engine, 50));
                    }
                }
            }
        }
        System.out.println("median/p95: host overhead (total minus time inside ONNX Runtime); total, engine: medians");
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }
}
