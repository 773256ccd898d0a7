package scope.pipeline.wan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.PipelineCall;

/** A generator on toy graphs with recorded graph inputs, and shorthands for calls. */
public final class ToyRig implements AutoCloseable {
    public final RecordingGraphs graphs = new RecordingGraphs();
    public final WanModels models;
    public final WanGenerator generator;
    private boolean started;

    public ToyRig(Path dir, WanVariant variant, WanGeneratorConfig config) throws Exception {
        this(dir, variant, config, List.of());
    }

    /** As above, the VAE graphs carrying further states of these shapes ({@link ToyModels#write}). */
    public ToyRig(Path dir, WanVariant variant, WanGeneratorConfig config, List<long[]> extraVaeStates)
            throws Exception {
        ToyModels.write(dir.resolve("shared"), dir.resolve("dit"), variant.attentionBias(), ToyModels.TEXT_DIM,
                extraVaeStates);
        models = WanModels.open(graphs, dir.resolve("shared"), dir.resolve("dit"), variant, config.height, config.width);
        generator = new WanGenerator(models, variant, config);
    }

    public static WanGeneratorConfig config(int height, int width, Integer... steps) {
        WanGeneratorConfig c = new WanGeneratorConfig();
        c.height = height;
        c.width = width;
        if (steps.length > 0) {
            c.denoisingSteps = List.of(steps);
        }
        return c;
    }

    public static Map<String, Object> prompt(String text) {
        return new HashMap<>(Map.of("prompts", List.of(Map.of("text", text, "weight", 1.0))));
    }

    public List<Frame> text(Map<String, Object> values) throws Exception {
        return call(new Parameters(values, false), List.of());
    }

    public List<Frame> video(Map<String, Object> values, List<Frame> frames) throws Exception {
        return call(new Parameters(values, true), frames);
    }

    private List<Frame> call(Parameters p, List<Frame> frames) throws Exception {
        boolean init = !started;
        started = true;
        return generator.generate(new PipelineCall(p, frames, init));
    }

    public List<Map<String, HostTensor>> ditRuns() {
        return graphs.runs("dit.onnx");
    }

    /** The DiT runs of the last call that denoised (timestep above 0), in order. */
    public List<Map<String, HostTensor>> denoiseRuns() {
        List<Map<String, HostTensor>> out = new ArrayList<>();
        for (Map<String, HostTensor> r : ditRuns()) {
            if (r.get("timestep").floatData()[0] > 0) {
                out.add(r);
            }
        }
        return out;
    }

    public static List<Frame> solidFrames(int n, int width, int height, int value) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] rgb = new byte[width * height * 3];
            java.util.Arrays.fill(rgb, (byte) (value + i * 7));
            frames.add(new Frame(width, height, rgb));
        }
        return frames;
    }

    @Override
    public void close() {
        models.close();
    }
}
