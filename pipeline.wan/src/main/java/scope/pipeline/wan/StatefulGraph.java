package scope.pipeline.wan;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A streaming graph with carried state (the causal-conv caches of the Wan VAE): every input named
 * {@code state_in.<k>} receives the previous call's {@code state_out.<k>}; states start as zeros and the graph's
 * {@code first_chunk} input is 1 on the first call after a reset. State shapes must be static or use the contract's
 * symbols (H8, W8...). The states stay in the engine: a call's {@code state_out.*} values are the next call's
 * {@code state_in.*} as they are, never copied into Java memory (the real VAE's caches are hundreds of MB).
 */
public final class StatefulGraph implements AutoCloseable {
    private final Graph graph;
    private final Map<String, long[]> stateShapes = new LinkedHashMap<>();
    private final Set<String> stateOutputs;
    /** The states of the last call, by input name; empty after a reset (the zero states are then used). */
    private Map<String, EngineTensor> carried = Map.of();
    /** Zero states, made once and never written; read by first chunks, which may fetch no state. */
    private Map<String, EngineTensor> zeroStates;
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
            // the output is fed back as the next call's input, so a different shape would only fail on call two
            TensorSpec outSpec = graph.outputs().get(out);
            long[] outShape = outSpec == null ? null : outSpec.resolve(bindings);
            if (outShape != null && !java.util.Arrays.equals(shape, outShape)) {
                throw new ModelContractViolation(file, out, "state output '" + out + "' has shape "
                        + java.util.Arrays.toString(outShape) + ", its input '" + name + "' "
                        + java.util.Arrays.toString(shape) + "; a state must keep its shape");
            }
            stateShapes.put(name, shape);
        }
        stateOutputs = stateShapes.keySet().stream().map(StatefulGraph::stateOut).collect(Collectors.toSet());
    }

    /** Whether the graph declares this output. */
    public boolean declares(String output) {
        return graph.outputs().containsKey(output);
    }

    /** Zero state; the next call is a first chunk. */
    public void reset() {
        releaseCarried();
        first = true;
    }

    /** Runs one chunk and keeps the new state; returns the named output. */
    public HostTensor run(String inputName, HostTensor input, String outputName) throws Exception {
        return run(inputName, input, outputName, null);
    }

    /**
     * As above, with the output's shape known in advance (null if not): the result may then live in a buffer the
     * engine reuses, valid until the next call. When the call throws, the state stays that of the last call.
     */
    public HostTensor run(String inputName, HostTensor input, String outputName, long[] outputShape)
            throws Exception {
        return run(inputName, input, wanted(outputName, outputShape)).get(outputName);
    }

    /**
     * As above for several outputs (name to shape, or null where not known), e.g. a decoder's frames and an
     * extra float output of a parity-check graph.
     */
    public Map<String, HostTensor> run(String inputName, HostTensor input, Map<String, long[]> outputs)
            throws Exception {
        Map<String, EngineTensor> states = carried.isEmpty() ? zeroStates() : carried;
        Graph.Result result = graph.run(inputs(inputName, input, first), states, outputs, stateOutputs);
        Map<String, EngineTensor> next = new HashMap<>();
        stateShapes.keySet().forEach(name -> next.put(name, result.kept().get(stateOut(name))));
        if (next.containsValue(null)) {
            result.kept().values().forEach(EngineTensor::close);
            throw new IllegalStateException("the graph did not return every state: " + result.kept().keySet());
        }
        // the previous states have been read by this call; released only now that their successors exist
        releaseCarried();
        carried = next;
        first = false;
        return result.outputs();
    }

    /**
     * Runs one chunk as the first after a reset, on the zero states (never written), and fetches only the named
     * output: the carried state and {@link #firstChunk()} stay as they were, so a stream running through this graph
     * is not disturbed.
     */
    public HostTensor runFromZeroState(String inputName, HostTensor input, String outputName, long[] outputShape)
            throws Exception {
        return graph.run(inputs(inputName, input, true), zeroStates(), wanted(outputName, outputShape), Set.of())
                .outputs().get(outputName);
    }

    private static Map<String, HostTensor> inputs(String inputName, HostTensor input, boolean firstChunk) {
        Map<String, HostTensor> in = new HashMap<>();
        in.put(inputName, input);
        in.put("first_chunk", HostTensor.longs(new long[] {firstChunk ? 1 : 0}, 1));
        return in;
    }

    private static Map<String, long[]> wanted(String outputName, long[] outputShape) {
        Map<String, long[]> wanted = new HashMap<>();
        wanted.put(outputName, outputShape);
        return wanted;
    }

    /** The zero states, made on first use (a pipeline that never decodes allocates none). */
    private Map<String, EngineTensor> zeroStates() throws Exception {
        if (zeroStates == null) {
            Map<String, EngineTensor> zeros = new HashMap<>();
            try {
                for (Map.Entry<String, long[]> e : stateShapes.entrySet()) {
                    zeros.put(e.getKey(), graph.zeros(e.getValue()));
                }
            } catch (Exception | Error e) {
                zeros.values().forEach(EngineTensor::close);
                throw e;
            }
            zeroStates = zeros;
        }
        return zeroStates;
    }

    private void releaseCarried() {
        Map<String, EngineTensor> old = carried;
        carried = Map.of();
        old.values().forEach(EngineTensor::close);
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

    /** Releases the states held in the engine; the graph itself is closed by its owner. */
    @Override
    public void close() {
        releaseCarried();
        if (zeroStates != null) {
            zeroStates.values().forEach(EngineTensor::close);
            zeroStates = null;
        }
    }
}
