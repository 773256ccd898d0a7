package scope.pipeline.wan.convert;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a checkpoint file as {@link Weights}. */
@FunctionalInterface
public interface WeightsOpener {
    Weights open(Path file) throws IOException;
}
