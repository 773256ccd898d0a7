package scope.api.onnx;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One loaded model. Not thread-safe for concurrent {@link #run} calls from several threads; a pipeline calls it
 * from its single worker thread. {@link #close()} frees the native memory.
 */
@ProviderType
public interface InferenceSession extends AutoCloseable {

    Path model();

    /** {@code "CUDA"} or {@code "CPU"}: where this session runs. */
    String executionProvider();

    /** The model's inputs by name, in the model's order. */
    Map<String, TensorSpec> inputs();

    /** The model's outputs by name, in the model's order. */
    Map<String, TensorSpec> outputs();

    /** Runs the model and returns the requested float outputs by name. */
    Map<String, FloatTensor> run(Map<String, FloatTensor> inputs, Set<String> outputNames) throws OnnxException;

    /** Runs the model and returns all its outputs (all must be float tensors). */
    default Map<String, FloatTensor> run(Map<String, FloatTensor> inputs) throws OnnxException {
        return run(inputs, outputs().keySet());
    }

    @Override
    void close();
}
