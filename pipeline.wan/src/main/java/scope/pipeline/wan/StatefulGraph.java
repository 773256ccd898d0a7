package scope.pipeline.wan;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A streaming graph with carried state (the causal-conv caches of the Wan VAE): every input named
 * {@code state_in.<k>} receives the previous call's {@code state_out.<k>}; states start as zeros and the graph's
 * {@code first_chunk} input is 1 on the first call after a reset. State shapes must be static or use the contract's symbols (H8, W8...).
 */
public final class StatefulGraph {
    private final Graph graph;
    private final Map<String, long[]> stateShapes = new LinkedHashMap<>();
    private final Map<String, HostTensor> states = new HashMap<>();
    private Map<String, HostTensor> zeroStates;
    private boolean first = true;

    public StatefulGraph(Path file, Graph graph, Map<String, Long> bindings) throws ModelContractViolation {
        this.graph = graph;
        for (Map.Entry<String, TensorSpec> e : graph.inputs().entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(WanContract.STATE_IN)) {
                continue;
            }
            String out = stateOut(name);
            TensorSpec spec = e.getValue();
            long[] shape = spec == null ? null : spec.resolve(bindings);
            if (spec == null || !spec.isFloat() || shape == null) {
                throw new ModelContractViolation(file, name, "state input '" + name + "' must be float with a static "
                        + "shape or the contract's symbols, is " + spec);
            }
            if (!graph.outputs().containsKey(out)) {
                throw new ModelContractViolation(file, name, "state input '" + name + "' has no output '" + out + "'");
            }
            stateShapes.put(name, shape);
        }
        reset();
    }

    /** Zero state; the next call is a first chunk. */
    public void reset() {
        states.clear();
        stateShapes.forEach((name, shape) -> states.put(name, zeros(shape)));
        first = true;
    }

    /** Runs one chunk and keeps the new state; returns the named output. */
    public HostTensor run(String inputName, HostTensor input, String outputName) throws Exception {
        return run(inputName, input, outputName, null);
    }

    /**
     * As above, with the output's shape known in advance (null if not): the result may then live in a buffer the
     * engine reuses, valid until the next call.
     */
    public HostTensor run(String inputName, HostTensor input, String outputName, long[] outputShape)
            throws Exception {
        Map<String, HostTensor> in = new HashMap<>(states);
        in.put(inputName, input);
        in.put("first_chunk", HostTensor.longs(new long[] {first ? 1 : 0}, 1));
        Map<String, long[]> wanted = new LinkedHashMap<>();
        wanted.put(outputName, outputShape);
        for (String name : stateShapes.keySet()) {
            wanted.put(stateOut(name), null);
        }
        Map<String, HostTensor> out = graph.run(in, wanted);
        for (String name : stateShapes.keySet()) {
            states.put(name, out.get(stateOut(name)));
        }
        first = false;
        return out.get(outputName);
    }

    /**
     * Runs one chunk as the first after a reset, on a zero state of its own (kept for reuse, never written), and
     * fetches only the named output: the carried state and {@link #firstChunk()} stay as they were, so a stream
     * running through this graph is not disturbed.
     */
    public HostTensor runFromZeroState(String inputName, HostTensor input, String outputName, long[] outputShape)
            throws Exception {
        if (zeroStates == null) {
            zeroStates = new HashMap<>();
            // constant: the engine copies them once, not on every call
            stateShapes.forEach((name, shape) -> zeroStates.put(name,
                    HostTensor.constant(zeros(shape).floatData(), shape)));
        }
        Map<String, HostTensor> in = new HashMap<>(zeroStates);
        in.put(inputName, input);
        in.put("first_chunk", HostTensor.longs(new long[] {1}, 1));
        Map<String, long[]> wanted = new HashMap<>();
        wanted.put(outputName, outputShape);
        return graph.run(in, wanted).get(outputName);
    }

    private static HostTensor zeros(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return HostTensor.floats(new float[(int) n], shape);
    }

    private static String stateOut(String stateIn) {
        return WanContract.STATE_OUT + stateIn.substring(WanContract.STATE_IN.length());
    }

    /** True when the next call is the first chunk after a reset. */
    public boolean firstChunk() {
        return first;
    }

    public int stateCount() {
        return stateShapes.size();
    }
}
