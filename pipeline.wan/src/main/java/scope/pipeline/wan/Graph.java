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

    /** Nanoseconds spent inside the inference engine so far (for overhead measurements). */
    long engineNanos();

    @Override
    void close();
}
