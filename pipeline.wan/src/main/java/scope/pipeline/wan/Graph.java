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
     * Runs the graph and returns only the named outputs, so nothing else is copied out of the engine. Where a
     * shape is given (null where not known), the engine may write that output into a buffer it keeps and return
     * it as a direct tensor that stays valid only until the next call on this graph (no allocation or copy of
     * large outputs per call).
     */
    default Map<String, HostTensor> run(Map<String, HostTensor> inputs, Map<String, long[]> outputs)
            throws Exception {
        Map<String, HostTensor> all = run(inputs);
        Map<String, HostTensor> wanted = new java.util.LinkedHashMap<>();
        outputs.keySet().forEach(name -> wanted.put(name, all.get(name)));
        return wanted;
    }

    /** Nanoseconds spent inside the inference engine so far (for overhead measurements). */
    long engineNanos();

    @Override
    void close();
}
