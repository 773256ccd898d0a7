package scope.pipeline.wan;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Opens real ONNX Runtime sessions and records every run's inputs and outputs, by file name, for tests to inspect. */
public final class RecordingGraphs implements Graphs {
    private final Graphs delegate = new OrtGraphs(1);
    private final Map<String, List<Map<String, HostTensor>>> runs = new HashMap<>();
    private final Map<String, List<Map<String, HostTensor>>> outputs = new HashMap<>();

    /** A copy that outlives the engine's reused buffers. */
    private static Map<String, HostTensor> copy(Map<String, HostTensor> tensors) {
        Map<String, HostTensor> copy = new HashMap<>();
        tensors.forEach((k, v) -> {
            if (v.byteBuffer() != null) {
                ByteBuffer b = ByteBuffer.allocateDirect(v.byteBuffer().capacity());
                b.put(0, v.byteBuffer(), 0, b.capacity());
                copy.put(k, HostTensor.bytes(b, v.shape()));
            } else {
                copy.put(k, v.isFloat() ? HostTensor.floats(v.floatData().clone(), v.shape())
                        : HostTensor.longs(v.longData().clone(), v.shape()));
            }
        });
        return copy;
    }

    @Override
    public Graph open(Path file) throws Exception {
        Graph g = delegate.open(file);
        List<Map<String, HostTensor>> log = runs.computeIfAbsent(file.getFileName().toString(), k -> new ArrayList<>());
        List<Map<String, HostTensor>> outLog = outputs.computeIfAbsent(file.getFileName().toString(),
                k -> new ArrayList<>());
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
                log.add(copy(inputs));
                Map<String, HostTensor> out = g.run(inputs);
                outLog.add(copy(out));
                return out;
            }

            @Override
            public Map<String, HostTensor> run(Map<String, HostTensor> inputs, Map<String, long[]> known)
                    throws Exception {
                log.add(copy(inputs));
                Map<String, HostTensor> out = g.run(inputs, known);
                outLog.add(copy(out));
                return out;
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

    /** The outputs of every run of a graph file (those fetched), in order. */
    public List<Map<String, HostTensor>> outputs(String file) {
        return outputs.getOrDefault(file, List.of());
    }

    /** The inputs of every run of a graph file, in order. */
    public List<Map<String, HostTensor>> runs(String file) {
        return runs.getOrDefault(file, List.of());
    }

    public void clear() {
        runs.values().forEach(List::clear);
        outputs.values().forEach(List::clear);
    }
}
