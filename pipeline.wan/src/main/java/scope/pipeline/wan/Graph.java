package scope.pipeline.wan;

import java.util.Map;

/** One loaded inference graph: its declared inputs and outputs, and a way to run it. */
public interface Graph extends AutoCloseable {
    /** The declared inputs, by name. */
    Map<String, TensorSpec> inputs();

    /** The declared outputs, by name. */
    Map<String, TensorSpec> outputs();

    /** Runs the graph; the result holds every declared output. */
    Map<String, HostTensor> run(Map<String, HostTensor> inputs) throws Exception;

    /**
     * As {@link #run(Map)}, where the caller knows the shapes of some float outputs in advance: the engine may write
     * those into buffers it keeps and return them as {@link HostTensor#direct} tensors that stay valid only until the
     * next call on this graph (no allocation or copy of large outputs per call). Engines may ignore the hint.
     */
    default Map<String, HostTensor> run(Map<String, HostTensor> inputs, Map<String, long[]> knownOutputShapes)
            throws Exception {
        return run(inputs);
    }

    /** Nanoseconds spent inside the inference engine so far (for overhead measurements). */
    long engineNanos();

    @Override
    void close();
}
