package scope.pipeline.wan;

/**
 * A float tensor held by the inference engine: a graph's carried state, handed from one call's outputs to a later
 * call's inputs without being copied into Java memory. Whoever receives one closes it exactly once; a run given
 * one as an input only reads it.
 */
public interface EngineTensor extends AutoCloseable {
    long[] shape();

    /** A copy of the values in Java memory, for tests and diagnostics (never on the per-block path). */
    float[] copyFloats();

    @Override
    void close();
}
