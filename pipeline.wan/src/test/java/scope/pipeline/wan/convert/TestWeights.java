package scope.pipeline.wan.convert;

import java.io.IOException;
import java.nio.file.Path;

/** How the tests open checkpoints. */
public final class TestWeights {
    private TestWeights() {
    }

    public static Weights open(Path file) throws IOException {
        return F32Safetensors.open(file);
    }
}
