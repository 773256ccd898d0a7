package scope.pipeline.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.PipelineCall;
import scope.runtime.onnx.OrtSessionService;

/** Temporal smoothing damps a flickering input; without it the depth video flickers as much as the input. */
class TemporalSmoothingTest {

    /** A horizontal gradient with a bright square that appears on every other frame. */
    static Frame flicker(int w, int h, int index) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = x * 200 / w;
                if (index % 2 == 1 && x > w / 4 && x < w / 2 && y > h / 4 && y < h / 2) {
                    v = 255;
                }
                int i = (y * w + x) * 3;
                rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) v;
            }
        }
        return new Frame(w, h, rgb, index);
    }

    /** Mean absolute change between consecutive output frames over 12 frames (3 calls). */
    static double meanChange(Path model, TemporalSmoother smoother) throws Exception {
        List<Frame> outputs = new ArrayList<>();
        try (DepthPipeline p = new DepthPipeline(new DepthModel(OrtSessionService.cpu().open(model)), smoother)) {
            for (int call = 0; call < 3; call++) {
                List<Frame> in = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    in.add(flicker(128, 96, call * 4 + i));
                }
                outputs.addAll(p.process(new PipelineCall(Parameters.empty(), in, call == 0)).video());
            }
        }
        double sum = 0;
        int n = 0;
        for (int i = 1; i < outputs.size(); i++) {
            byte[] a = outputs.get(i - 1).rgb();
            byte[] b = outputs.get(i).rgb();
            for (int k = 0; k < a.length; k += 3) {
                sum += Math.abs((a[k] & 0xff) - (b[k] & 0xff));
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void smoothingReducesFrameToFrameChange(@TempDir Path dir) throws Exception {
        Path model = ToyDepthModels.dynamic(dir.resolve("model.onnx"));
        double raw = meanChange(model, new TemporalSmoother(0, 0));
        double smoothed = meanChange(model, new TemporalSmoother(DepthPipeline.RANGE_MOMENTUM,
                DepthPipeline.MAP_MOMENTUM));
        assertTrue(raw > 5, "the input must flicker for this test to mean anything: " + raw);
        assertTrue(smoothed < 0.6 * raw, "smoothed " + smoothed + " vs raw " + raw);
    }

    @Test
    void initCacheForgetsThePreviousStream() {
        TemporalSmoother s = new TemporalSmoother(0.8f, 0.5f);
        s.apply(new float[] {0, 10}, 2, 1);
        float[] second = s.apply(new float[] {10, 0}, 2, 1);
        assertTrue(second[0] > 0 && second[0] < 1, "blended with the previous map");
        s.reset();
        float[] fresh = s.apply(new float[] {10, 0}, 2, 1);
        assertEquals(1f, fresh[0]);
        assertEquals(0f, fresh[1]);
    }
}
