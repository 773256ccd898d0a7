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
    private boolean first = true;

    public StatefulGraph(Path file, Graph graph, Map<String, Long> bindings) throws ModelContractViolation {
        this.graph = graph;
        for (Map.Entry<String, TensorSpec> e : graph.inputs().entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(WanContract.STATE_IN)) {
                continue;
            }
            String out = WanContract.STATE_OUT + name.substring(WanContract.STATE_IN.length());
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
        stateShapes.forEach((name, shape) -> {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            states.put(name, HostTensor.floats(new float[(int) n], shape));
        });
        first = true;
    }

    /** Runs one chunk and keeps the new state; returns the named output. */
    public HostTensor run(String inputName, HostTensor input, String outputName) throws Exception {
        Map<String, HostTensor> in = new HashMap<>(states);
        in.put(inputName, input);
        in.put("first_chunk", HostTensor.longs(new long[] {first ? 1 : 0}, 1));
        Map<String, HostTensor> out = graph.run(in);
        for (String name : stateShapes.keySet()) {
            states.put(name, out.get(WanContract.STATE_OUT + name.substring(WanContract.STATE_IN.length())));
        }
        first = false;
        return out.get(outputName);
    }

    public int stateCount() {
        return stateShapes.size();
    }
}
