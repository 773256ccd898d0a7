package scope.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import scope.checkpoint.internal.RenamedCheckpoint;

/**
 * One open checkpoint file: named tensors, read lazily from a memory mapping of the file. Obtained from
 * {@link Checkpoints#open}; close it when done (views share it: closing a view closes the file).
 *
 * <p>Nested dictionaries of a PyTorch checkpoint are flattened: a tensor at {@code ckpt["generator"]["model.x"]} is
 * named {@code generator.model.x}. {@link #withPrefix} and {@link #stripPrefix} give views with shorter names, e.g.
 * {@code ckpt.withPrefix("generator.").stripPrefix("model.")} names that tensor {@code x}.
 */
public interface Checkpoint extends AutoCloseable {
    /** The file this checkpoint was read from. */
    Path file();

    /** The tensor names, in file order (the safetensors header's order, the pickle's dict order). */
    List<String> names();

    /** Whether a tensor of this name exists. */
    boolean contains(String name);

    /**
     * The tensor of this name. Its {@link StoredTensor#name()} is the name in the file (the full path), which error
     * messages use; fails naming file and key when there is no such tensor or it cannot be read.
     */
    StoredTensor tensor(String name) throws CheckpointException;

    /** The safetensors {@code __metadata__} (string to string); empty for PyTorch checkpoints. */
    Map<String, String> metadata();

    /** Releases the file. Tensors obtained before stay readable until collected; new reads fail. */
    @Override
    void close();

    /**
     * A view of the tensors whose names begin with {@code prefix}, named without it (others are left out). An empty
     * prefix gives every tensor.
     */
    default Checkpoint withPrefix(String prefix) {
        return RenamedCheckpoint.withPrefix(this, prefix);
    }

    /**
     * A view of every tensor, with {@code prefix} removed from the names that begin with it; fails naming both keys
     * when two tensors would then share a name.
     */
    default Checkpoint stripPrefix(String prefix) throws CheckpointException {
        return RenamedCheckpoint.stripPrefix(this, prefix);
    }
}
