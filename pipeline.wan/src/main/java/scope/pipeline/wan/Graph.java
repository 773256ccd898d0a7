package scope.pipeline.wan;

import java.util.Map;
import java.util.Set;

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

    /** A float tensor of zeros held by the engine (a carried state's start), owned by the caller. */
    EngineTensor zeros(long[] shape) throws Exception;

    /**
     * Runs the graph with some inputs already held by the engine ({@code engineInputs}, read, not closed), returns
     * the outputs named in {@code outputs} as {@link #run(Map, Map)} does and keeps those named in {@code kept} in
     * the engine, owned by the caller. When it throws, nothing is kept.
     */
    Result run(Map<String, HostTensor> inputs, Map<String, EngineTensor> engineInputs, Map<String, long[]> outputs,
            Set<String> kept) throws Exception;

    /** The outputs of a run that keeps some of them in the engine. */
    record Result(Map<String, HostTensor> outputs, Map<String, EngineTensor> kept) {
    }

    /** Nanoseconds spent inside the inference engine so far (for overhead measurements). */
    long engineNanos();

    @Override
    void close();
}
