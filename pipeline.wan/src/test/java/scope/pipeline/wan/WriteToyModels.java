package scope.pipeline.wan;

import java.nio.file.Path;

/**
 * Writes the toy graphs (the model contract's file names, tensor names and shapes at toy sizes) into a models
 * directory, so that LongLive and Krea can be tried in the UI without the real exports. What they generate is
 * prompt-dependent colour, not video.
 *
 * <p>Run: {@code mvn -q -pl pipeline.wan test-compile exec:java@toy-models -Dtoy.models=DIR} (default
 * {@code ~/.scope/models}).
 */
public final class WriteToyModels {
    /** The DiT directories of pipeline.longlive's and pipeline.krea's artifacts. */
    static final String LONGLIVE_DIR = "LongLive-1.3B-ONNX";
    static final String KREA_DIR = "krea-realtime-video-14b-ONNX";

    private WriteToyModels() {
    }

    public static void main(String[] args) throws Exception {
        Path models = args.length > 0 && !args[0].isBlank() ? Path.of(args[0].trim())
                : Path.of(System.getProperty("user.home"), ".scope", "models");
        Path shared = models.resolve(WanArtifacts.WAN_ONNX.directoryName());
        ToyModels.write(shared, models.resolve(LONGLIVE_DIR), false);
        ToyModels.write(shared, models.resolve(KREA_DIR), true);
        System.out.println("Toy graphs written to " + shared + ", " + models.resolve(LONGLIVE_DIR) + " and "
                + models.resolve(KREA_DIR));
    }
}
