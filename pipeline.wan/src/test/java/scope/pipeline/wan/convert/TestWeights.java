package scope.pipeline.wan.convert;

import java.io.IOException;
import java.nio.file.Path;

/** How the tests open the fixtures' checkpoints: with the real reader, as the parity command does. */
public final class TestWeights {
    private TestWeights() {
    }

    public static Weights open(Path file) throws IOException {
        return CheckpointWeights.open(file);
    }
}
