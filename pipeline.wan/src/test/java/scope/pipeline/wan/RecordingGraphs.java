package scope.pipeline.wan;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opens real ONNX Runtime sessions and records every run's inputs and outputs, by file name, for tests to inspect.
 * Tensors kept in the engine are recorded as copies of their values, and are counted: each must be closed exactly
 * once and never used after that.
 */
public final class RecordingGraphs implements Graphs {
    private final Graphs delegate = new OrtGraphs(1);
    private final Map<String, List<Map<String, HostTensor>>> runs = new HashMap<>();
    private final Map<String, List<Map<String, HostTensor>>> outputs = new HashMap<>();
    private final Set<Counted> open = new HashSet<>();
    private final List<String> misuses = new ArrayList<>();
    private int handedOut;

    /** An engine tensor handed out by a recorded graph, tracked until it is closed. */
    private final class Counted implements EngineTensor {
        final EngineTensor inner;
        private boolean closed;

        Counted(EngineTensor inner) {
            this.inner = inner;
            synchronized (RecordingGraphs.this) {
                open.add(this);
                handedOut++;
            }
        }

        @Override
        public long[] shape() {
            return inner.shape();
        }

        @Override
        public float[] copyFloats() {
            return inner.copyFloats();
        }

        @Override
        public void close() {
            synchronized (RecordingGraphs.this) {
                if (closed) {
                    misuses.add("closed twice: " + inner);
                    return;
                }
                closed = true;
                open.remove(this);
            }
            inner.close();
        }

        EngineTensor unwrap(String name) {
            synchronized (RecordingGraphs.this) {
                if (closed) {
                    misuses.add("input '" + name + "' used after close: " + inner);
                }
            }
            return inner;
        }
    }

    private static Map<String, HostTensor> copyEngine(Map<String, EngineTensor> tensors) {
        Map<String, HostTensor> copy = new HashMap<>();
        tensors.forEach((k, v) -> copy.put(k, HostTensor.floats(v.copyFloats(), v.shape())));
        return copy;
    }

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
            public EngineTensor zeros(long[] shape) throws Exception {
                return new Counted(g.zeros(shape));
            }

            @Override
            public Result run(Map<String, HostTensor> inputs, Map<String, EngineTensor> engineInputs,
                    Map<String, long[]> known, Set<String> kept) throws Exception {
                Map<String, HostTensor> recorded = copy(inputs);
                recorded.putAll(copyEngine(engineInputs));
                log.add(recorded);
                Map<String, EngineTensor> unwrapped = new HashMap<>();
                engineInputs.forEach((name, t) -> unwrapped.put(name, ((Counted) t).unwrap(name)));
                Result r = g.run(inputs, unwrapped, known, kept);
                Map<String, EngineTensor> counted = new HashMap<>();
                r.kept().forEach((name, t) -> counted.put(name, new Counted(t)));
                Map<String, HostTensor> out = copy(r.outputs());
                out.putAll(copyEngine(r.kept()));
                outLog.add(out);
                return new Result(r.outputs(), counted);
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

    /** Engine tensors handed out and not yet closed. */
    public synchronized int openEngineTensors() {
        return open.size();
    }

    /** How many engine tensors were handed out so far. */
    public synchronized int engineTensorsHandedOut() {
        return handedOut;
    }

    /** Engine tensors closed twice or used after being closed, described. */
    public synchronized List<String> misuses() {
        return new ArrayList<>(misuses);
    }

    public void clear() {
        runs.values().forEach(List::clear);
        outputs.values().forEach(List::clear);
    }
}
