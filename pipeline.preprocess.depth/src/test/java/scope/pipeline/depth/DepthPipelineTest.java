package scope.pipeline.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.api.Frame;
import scope.api.LoadContext;
import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineDescriptor;
import scope.runtime.onnx.OrtSessionService;

/** Load -> process -> depth frames through the registered factory, on real ONNX Runtime (CPU) and a toy graph. */
class DepthPipelineTest {
    @TempDir
    Path models;

    private Path modelFile() {
        return models.resolve("depth-anything-v2-small/onnx/model.onnx");
    }

    static PipelineDescriptor descriptor() {
        List<PipelineDescriptor> registered = new ArrayList<>();
        new DepthPlugin(OrtSessionService.cpu()).registerPipelines(registered::add);
        assertEquals(1, registered.size());
        return registered.get(0);
    }

    static LoadContext context(Path models) {
        return new LoadContext() {
            @Override
            public String pipelineId() {
                return "video-depth-anything";
            }

            @Override
            public <C> C config(Class<C> configClass) {
                try {
                    return configClass.getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public Map<String, Object> loadParameters() {
                return Map.of();
            }

            @Override
            public Path modelsDirectory() {
                return models;
            }

            @Override
            public double vramGb() {
                return 0;
            }

            @Override
            public void stage(String text) {
            }
        };
    }

    /** Left half white, right half black. */
    static Frame halves(int w, int h, long t) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w / 2; x++) {
                int i = (y * w + x) * 3;
                rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) 255;
            }
        }
        return new Frame(w, h, rgb, t);
    }

    static int luma(Frame f, int x, int y) {
        return f.rgb()[(y * f.width() + x) * 3] & 0xff;
    }

    @Test
    void descriptorNamesTheOnnxArtifact() {
        PipelineDescriptor d = descriptor();
        assertEquals("video-depth-anything", d.id());
        assertEquals("onnx-community/depth-anything-v2-small", d.artifacts().get(0).id());
        assertEquals(List.of("onnx/model.onnx"), d.artifacts().get(0).files());
    }

    @Test
    void loadsAndTurnsFramesIntoDepthFrames() throws Exception {
        ToyDepthModels.dynamic(modelFile());
        try (Pipeline p = descriptor().factory().load(context(models))) {
            assertEquals(4, p.prepare(Parameters.empty()).inputSize());
            List<Frame> in = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                in.add(halves(320, 240, 1_000_000L * i));
            }
            List<Frame> out = p.process(new PipelineCall(Parameters.empty(), in, true)).video();
            assertEquals(4, out.size());
            for (int i = 0; i < 4; i++) {
                Frame f = out.get(i);
                assertEquals(320, f.width());
                assertEquals(240, f.height());
                assertEquals(in.get(i).timestampNanos(), f.timestampNanos());
                // Grey depth replicated to 3 channels; the toy model calls bright "near" (white).
                byte[] rgb = f.rgb();
                for (int k = 0; k < rgb.length; k += 3) {
                    assertTrue(rgb[k] == rgb[k + 1] && rgb[k] == rgb[k + 2]);
                }
                assertEquals(255, luma(f, 40, 120));
                assertEquals(0, luma(f, 280, 120));
            }
        }
    }

    @Test
    void dynamicExportsKeepTheAspectRatioAtMultiplesOf14() throws Exception {
        ToyDepthModels.dynamic(modelFile());
        try (DepthModel m = new DepthModel(OrtSessionService.cpu().open(modelFile()))) {
            assertEquals(List.of(518, 518), List.of(m.inputSize(512, 512)[0], m.inputSize(512, 512)[1]));
            int[] wide = m.inputSize(640, 360);
            assertEquals(518, wide[1]);
            assertEquals(0, wide[0] % 14);
            assertTrue(Math.abs((double) wide[0] / wide[1] - 640.0 / 360) < 0.02, wide[0] + "x" + wide[1]);
        }
    }

    @Test
    void fixedSizeExportsAreFedTheirSize() throws Exception {
        ToyDepthModels.fixed(modelFile(), 518);
        try (Pipeline p = descriptor().factory().load(context(models))) {
            List<Frame> in = List.of(halves(640, 360, 0), halves(640, 360, 1), halves(640, 360, 2),
                    halves(640, 360, 3));
            List<Frame> out = p.process(new PipelineCall(Parameters.empty(), in, true)).video();
            assertEquals(640, out.get(3).width());
            assertEquals(360, out.get(3).height());
            assertTrue(luma(out.get(3), 50, 180) > luma(out.get(3), 590, 180));
        }
    }

    @Test
    void missingModelIsALoadErrorNamingTheFile() {
        Exception e = assertThrows(Exception.class, () -> descriptor().factory().load(context(models)));
        assertTrue(e.getMessage().contains("depth-anything-v2-small/onnx/model.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("/api/v1/models/download"), e.getMessage());
    }

    @Test
    void corruptModelIsALoadErrorNamingTheFile() throws Exception {
        Files.createDirectories(modelFile().getParent());
        Files.write(modelFile(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Exception e = assertThrows(Exception.class, () -> descriptor().factory().load(context(models)));
        assertTrue(e.getMessage().contains("Cannot load ONNX model " + modelFile()), e.getMessage());
    }

    @Test
    void modelWithOtherInputsIsRejectedWithTheContract() throws Exception {
        ToyDepthModels.wrongInputName(modelFile());
        Exception e = assertThrows(Exception.class, () -> descriptor().factory().load(context(models)));
        assertTrue(e.getMessage().contains("not a Depth Anything export"), e.getMessage());
        assertTrue(e.getMessage().contains("'pixel_values'"), e.getMessage());
    }
}
