package scope.pipeline.wan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Opens real ONNX Runtime sessions and records every run's inputs, by file name, for tests to inspect. */
public final class RecordingGraphs implements Graphs {
    private final Graphs delegate = new OrtGraphs(1);
    private final Map<String, List<Map<String, HostTensor>>> runs = new HashMap<>();

    @Override
    public Graph open(Path file) throws Exception {
        Graph g = delegate.open(file);
        List<Map<String, HostTensor>> log = runs.computeIfAbsent(file.getFileName().toString(), k -> new ArrayList<>());
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
            public Map<String, HostTensor> run(Map<String, HostTensor> inputs) throws Exception {
                Map<String, HostTensor> copy = new HashMap<>();
                inputs.forEach((k, v) -> copy.put(k, v.isFloat() ? HostTensor.floats(v.floatData().clone(), v.shape())
                        : HostTensor.longs(v.longData().clone(), v.shape())));
                log.add(copy);
                return g.run(inputs);
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

    /** The inputs of every run of a graph file, in order. */
    public List<Map<String, HostTensor>> runs(String file) {
        return runs.getOrDefault(file, List.of());
    }

    public void clear() {
        runs.values().forEach(List::clear);
    }
}
