package scope.pipeline.wan.parity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import scope.pipeline.wan.EngineTensor;
import scope.pipeline.wan.Graph;
import scope.pipeline.wan.Graphs;
import scope.pipeline.wan.HostTensor;
import scope.pipeline.wan.TensorSpec;

/**
 * Opens graphs with another {@link Graphs} and records, for one graph file, the named inputs and every fetched
 * float output of each run (copies, since the engine reuses its buffers), so a parity check can compare what the
 * loop fed and got.
 */
final class RecordedRuns implements Graphs {
    /** One run: the recorded inputs and outputs by name. */
    record Run(Map<String, HostTensor> inputs, Map<String, HostTensor> outputs) {
    }

    private final Graphs delegate;
    private final String file;
    private final Set<String> inputs;
    private final List<Run> runs = new ArrayList<>();

    RecordedRuns(Graphs delegate, String file, Set<String> inputs) {
        this.delegate = delegate;
        this.file = file;
        this.inputs = inputs;
    }

    List<Run> runs() {
        return runs;
    }

    void clear() {
        runs.clear();
    }

    @Override
    public Graph open(Path path) throws Exception {
        Graph g = delegate.open(path);
        if (!path.getFileName().toString().equals(file)) {
            return g;
        }
        return new Graph() {
            @Override
            public Map<String, TensorSpec> inputs() {
                return g.inputs();
            }

            @Override
            public Map<String, TensorSpec> outputs() {
                return g.outputs();
            }

            @Override
            public Map<String, HostTensor> run(Map<String, HostTensor> in) throws Exception {
                return record(in, g.run(in));
            }

            @Override
            public Map<String, HostTensor> run(Map<String, HostTensor> in, Map<String, long[]> wanted)
                    throws Exception {
                return record(in, g.run(in, wanted));
            }

            @Override
            public EngineTensor zeros(long[] shape) throws Exception {
                return g.zeros(shape);
            }

            @Override
            public Result run(Map<String, HostTensor> in, Map<String, EngineTensor> engineInputs,
                    Map<String, long[]> wanted, Set<String> kept) throws Exception {
                Result r = g.run(in, engineInputs, wanted, kept);
                record(in, r.outputs());
                return r;
            }

            @Override
            public long engineNanos() {
                return g.engineNanos();
            }

            @Override
            public void close() {
                g.close();
            }
        };
    }

    private Map<String, HostTensor> record(Map<String, HostTensor> in, Map<String, HostTensor> out) {
        Map<String, HostTensor> i = new HashMap<>();
        for (String name : inputs) {
            HostTensor t = in.get(name);
            if (t != null) {
                i.put(name, copy(t));
            }
        }
        Map<String, HostTensor> o = new HashMap<>();
        out.forEach((name, t) -> {
            if (t.isFloat()) {
                o.put(name, copy(t));
            }
        });
        runs.add(new Run(i, o));
        return out;
    }

    private static HostTensor copy(HostTensor t) {
        return t.isFloat() ? HostTensor.floats(t.floatData().clone(), t.shape())
                : HostTensor.longs(t.longData().clone(), t.shape());
    }
}
