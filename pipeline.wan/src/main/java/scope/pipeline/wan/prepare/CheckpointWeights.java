package scope.pipeline.wan.prepare;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import scope.checkpoint.Checkpoint;
import scope.checkpoint.CheckpointException;
import scope.checkpoint.StoredTensor;
import scope.graph.TensorData;
import scope.pipeline.wan.convert.ConversionException;
import scope.pipeline.wan.convert.Weights;

/**
 * A checkpoint file (any format {@code scope.checkpoint} reads) seen as a converter's {@link Weights}, as
 * {@code convert.CheckpointWeights} but named by its whole path (which of the downloaded repositories it is in) in
 * every message, and able to count its values for the progress and disk estimate. Values are streamed from the
 * file's mapping when the graph is written; a tensor that cannot be read fails naming the file and the key.
 */
final class CheckpointWeights implements Weights {
    private final Checkpoint checkpoint;
    private final String source;
    private final Set<String> names;

    CheckpointWeights(Checkpoint checkpoint, Path file) {
        this.checkpoint = checkpoint;
        this.source = file.toString();
        this.names = new LinkedHashSet<>(checkpoint.names());
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public Set<String> names() {
        return names;
    }

    @Override
    public long[] shape(String name) {
        return tensor(name).shape();
    }

    @Override
    public TensorData data(String name) {
        StoredTensor t = tensor(name);
        return TensorData.reading(t.elementCount(), (from, into) -> t.readFloats(from, into));
    }

    /** Elements of every tensor, for progress and disk estimates. */
    long elements() {
        long n = 0;
        for (String name : names) {
            n += tensor(name).elementCount();
        }
        return n;
    }

    private StoredTensor tensor(String name) {
        require(name);
        try {
            return checkpoint.tensor(name);
        } catch (CheckpointException e) {
            throw new ConversionException(source, name, e.getMessage());
        }
    }
}
