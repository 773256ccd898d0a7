package scope.pipeline.wan.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import scope.checkpoint.Checkpoint;
import scope.checkpoint.CheckpointException;
import scope.checkpoint.Checkpoints;
import scope.checkpoint.StoredTensor;
import scope.graph.TensorData;

/**
 * A checkpoint file (safetensors of any dtype the reader knows, PyTorch zip checkpoints) as {@link Weights}:
 * values are streamed from the file's mapping, widened or dequantized to float32, while the graph is written.
 */
public final class CheckpointWeights implements Weights {
    private final Checkpoint checkpoint;
    private final String source;
    private final Set<String> names;

    /** Named by the file's name in messages. */
    public CheckpointWeights(Checkpoint checkpoint) {
        this(checkpoint, checkpoint.file().getFileName().toString());
    }

    /** @param source how messages name the file (e.g. its path under the models directory) */
    public CheckpointWeights(Checkpoint checkpoint, String source) {
        this.checkpoint = checkpoint;
        this.source = source;
        this.names = Collections.unmodifiableSet(new LinkedHashSet<>(checkpoint.names()));
    }

    /** Opens a checkpoint file; close the result when the conversion is done. */
    public static CheckpointWeights open(Path file) throws IOException {
        return new CheckpointWeights(Checkpoints.open(file));
    }

    @Override
    public String source() {
        return source;
    }

    /** Elements of every tensor, for progress and disk estimates. */
    public long elements() {
        long n = 0;
        for (String name : names) {
            n += tensor(name).elementCount();
        }
        return n;
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
        return TensorData.reading(t.elementCount(), t::readFloats);
    }

    @Override
    public void close() {
        checkpoint.close();
    }

    private StoredTensor tensor(String name) {
        require(name);
        try {
            return checkpoint.tensor(name);
        } catch (CheckpointException e) {
            throw new ConversionException(source(), name, e.getMessage());
        }
    }
}
