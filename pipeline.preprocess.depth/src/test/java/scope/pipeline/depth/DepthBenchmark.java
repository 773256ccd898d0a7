package scope.pipeline.depth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.PipelineCall;
import scope.api.onnx.FloatTensor;
import scope.api.onnx.InferenceSession;
import scope.runtime.onnx.OrtSessionService;

/**
 * Depth preprocessor cost per frame on CPU, on the toy graph the tests use (pixel_values -> channel mean ->
 * predicted_depth), not on Depth Anything's weights: it measures the host side (resize to the model size, ImageNet
 * normalisation, tensor copies, ONNX Runtime call overhead, smoothing, resize back, RGB output), which the real model
 * adds its inference time to. Prints median and p95 over N frames. Args: [frames] (default 200).
 */
public final class DepthBenchmark {
    private DepthBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int calls = Math.max(1, frames / DepthPipeline.FRAMES_PER_CALL);
        Path dir = Files.createTempDirectory("depth-bench");
        Path model = ToyDepthModels.dynamic(dir.resolve("model.onnx"));
        OrtSessionService onnx = OrtSessionService.cpu();
        System.out.printf("Depth preprocessor, CPU, %d threads, toy graph (not Depth Anything's weights), %d frames%n",
                Runtime.getRuntime().availableProcessors(), calls * DepthPipeline.FRAMES_PER_CALL);
        System.out.printf("%-12s %-12s %14s %14s %16s%n", "input", "model input", "median ms/fr", "p95 ms/fr",
                "ORT run median");
        for (int[] size : new int[][] {{512, 512}, {640, 360}, {1280, 720}}) {
            Random random = new Random(1);
            List<Frame> batch = new ArrayList<>();
            for (int i = 0; i < DepthPipeline.FRAMES_PER_CALL; i++) {
                byte[] rgb = new byte[size[0] * size[1] * 3];
                random.nextBytes(rgb);
                batch.add(new Frame(size[0], size[1], rgb, i));
            }
            double[] perFrame = new double[calls];
            int[] in;
            try (DepthPipeline p = new DepthPipeline(new DepthModel(onnx.open(model)),
                    new TemporalSmoother(DepthPipeline.RANGE_MOMENTUM, DepthPipeline.MAP_MOMENTUM))) {
                for (int w = 0; w < 5; w++) {
                    p.process(new PipelineCall(Parameters.empty(), batch, w == 0));
                }
                for (int c = 0; c < calls; c++) {
                    long t0 = System.nanoTime();
                    p.process(new PipelineCall(Parameters.empty(), batch, false));
                    perFrame[c] = (System.nanoTime() - t0) / 1e6 / DepthPipeline.FRAMES_PER_CALL;
                }
            }
            double ortMedian;
            try (InferenceSession s = onnx.open(model);
                 DepthModel m = new DepthModel(onnx.open(model))) {
                in = m.inputSize(size[0], size[1]);
                FloatTensor pixels = new FloatTensor(new float[3 * in[0] * in[1]], 1, 3, in[1], in[0]);
                double[] runs = new double[Math.max(20, calls)];
                for (int i = -5; i < runs.length; i++) {
                    long t0 = System.nanoTime();
                    s.run(Map.of(DepthModel.INPUT, pixels));
                    if (i >= 0) {
                        runs[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                ortMedian = percentile(runs, 50);
            }
            System.out.printf("%-12s %-12s %14.2f %14.2f %16.2f%n", size[0] + "x" + size[1], in[0] + "x" + in[1],
                    percentile(perFrame, 50), percentile(perFrame, 95), ortMedian);
        }
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
