package scope.pipeline.wan;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Opens graphs as ONNX Runtime sessions: on the CUDA execution provider (device 0) when asked and available, else
 * on the CPU provider. A CPU build of ONNX Runtime, or missing CUDA/cuDNN libraries, falls back to the CPU; the
 * provider each graph got is kept for the load's report ({@link #providers()}).
 */
public final class OrtGraphs implements Graphs {
    private final int intraOpThreads;
    private final boolean tryCuda;
    private final Map<String, String> providers = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param intraOpThreads threads per session; 0 lets ONNX Runtime choose */
    public OrtGraphs(int intraOpThreads) {
        this(intraOpThreads, false);
    }

    /**
     * @param intraOpThreads threads per session; 0 lets ONNX Runtime choose
     * @param tryCuda        try the CUDA provider first (the host reports a GPU)
     */
    public OrtGraphs(int intraOpThreads, boolean tryCuda) {
        this.intraOpThreads = intraOpThreads;
        this.tryCuda = tryCuda;
    }

    @Override
    public Graph open(Path file) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (tryCuda) {
            try (OrtSession.SessionOptions options = options()) {
                options.addCUDA(0);
                OrtSession session = env.createSession(file.toString(), options);
                providers.put(file.getFileName().toString(), "CUDA");
                return new OrtGraph(env, session);
            } catch (OrtException | LinkageError e) {
                // no CUDA provider in this build, or it cannot start here: the CPU still runs the graph, slowly
                providers.put(file.getFileName().toString(), "CPU (CUDA unavailable: " + e.getMessage() + ")");
            }
        }
        try (OrtSession.SessionOptions options = options()) {
            OrtSession session = env.createSession(file.toString(), options);
            providers.putIfAbsent(file.getFileName().toString(), "CPU");
            return new OrtGraph(env, session);
        }
    }

    private OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        if (intraOpThreads > 0) {
            options.setIntraOpNumThreads(intraOpThreads);
        }
        return options;
    }

    /** The execution provider of every graph opened so far, by file name. */
    public Map<String, String> providers() {
        return Map.copyOf(providers);
    }

    private static final class OrtGraph implements Graph {
        private final OrtEnvironment env;
        private final OrtSession session;
        private final Map<String, TensorSpec> inputs;
        private final Map<String, TensorSpec> outputs;
        private static final int KEPT_PER_INPUT = 2;
        private final Map<String, List<Kept>> keptInputs = new HashMap<>();
        private final Map<String, Kept> stagedInputs = new HashMap<>();
        private final Map<String, Kept> pinnedOutputs = new HashMap<>();
        private long engineNanos;

        /**
         * A tensor kept across calls over its buffer: an input valid while the caller passes the same source (buffer
         * or array), an input's staging buffer, or a pinned output.
         */
        private record Kept(Object source, long[] shape, OnnxTensor tensor) {
        }

        OrtGraph(OrtEnvironment env, OrtSession session) throws OrtException {
            this.env = env;
            this.session = session;
            this.inputs = specs(session.getInputInfo());
            this.outputs = specs(session.getOutputInfo());
        }

        private static Map<String, TensorSpec> specs(Map<String, NodeInfo> infos) {
            Map<String, TensorSpec> specs = new LinkedHashMap<>();
            infos.forEach((name, info) -> {
                if (info.getInfo() instanceof TensorInfo t) {
                    ElementType type = t.type == OnnxJavaType.FLOAT ? ElementType.FLOAT
                            : t.type == OnnxJavaType.INT64 ? ElementType.INT64
                            : t.type == OnnxJavaType.UINT8 ? ElementType.UINT8 : null;
                    // other element types are reported as a wrong type by the contract check
                    specs.put(name, type != null ? new TensorSpec(type, t.getShape(), t.getDimensionNames()) : null);
                }
            });
            return specs;
        }

        @Override
        public Map<String, TensorSpec> inputs() {
            return inputs;
        }

        @Override
        public Map<String, TensorSpec> outputs() {
            return outputs;
        }

        /**
         * Inputs go to the engine without per-call allocations: direct tensors are wrapped once and read in place,
         * constant ones are copied once per array, the rest are copied into a reusable direct buffer per input.
         */
        @Override
        public synchronized Map<String, HostTensor> run(Map<String, HostTensor> in) throws OrtException {
            return run(in, Map.of(), outputs.keySet(), Map.of(), Set.of()).outputs();
        }

        @Override
        public synchronized Map<String, HostTensor> run(Map<String, HostTensor> in, Map<String, long[]> wanted)
                throws OrtException {
            return run(in, Map.of(), wanted, Set.of()).outputs();
        }

        @Override
        public synchronized Result run(Map<String, HostTensor> in, Map<String, EngineTensor> engineIn,
                Map<String, long[]> wanted, Set<String> kept) throws OrtException {
            Map<String, long[]> known = new HashMap<>();
            wanted.forEach((name, shape) -> {
                TensorSpec spec = outputs.get(name);
                if (shape != null && spec != null && spec.type() != ElementType.INT64 && !kept.contains(name)) {
                    known.put(name, shape);
                }
            });
            Set<String> fetched = new LinkedHashSet<>(wanted.keySet());
            fetched.addAll(kept);
            return run(in, engineIn, fetched, known, kept);
        }

        @Override
        public EngineTensor zeros(long[] shape) throws OrtException {
            // a new direct buffer is zero-filled
            FloatBuffer zeros = directFloats(Math.toIntExact(count(shape)));
            return new OrtEngineTensor(OnnxTensor.createTensor(env, zeros, shape));
        }

        private Result run(Map<String, HostTensor> in, Map<String, EngineTensor> engineIn, Set<String> wanted,
                Map<String, long[]> known, Set<String> kept) throws OrtException {
            Map<String, OnnxTensor> pinned = new HashMap<>();
            Map<String, HostTensor> pinnedOut = new HashMap<>();
            for (Map.Entry<String, long[]> e : known.entrySet()) {
                Kept k = pinnedOutput(e.getKey(), outputs.get(e.getKey()).type(), e.getValue());
                pinned.put(e.getKey(), k.tensor);
                pinnedOut.put(e.getKey(), k.source instanceof FloatBuffer f ? HostTensor.direct(f, e.getValue())
                        : HostTensor.bytes((ByteBuffer) k.source, e.getValue()));
            }
            // a pinned output must not be requested again
            Set<String> fetched = new LinkedHashSet<>(wanted);
            fetched.removeAll(pinned.keySet());
            Map<String, OnnxTensor> tensors = new HashMap<>();
            for (Map.Entry<String, HostTensor> e : in.entrySet()) {
                tensors.put(e.getKey(), input(e.getKey(), e.getValue()));
            }
            for (Map.Entry<String, EngineTensor> e : engineIn.entrySet()) {
                tensors.put(e.getKey(), OrtEngineTensor.open(e.getKey(), e.getValue()));
            }
            long start = System.nanoTime();
            OrtSession.Result result = session.run(tensors, fetched, pinned);
            engineNanos += System.nanoTime() - start;
            Map<String, HostTensor> out = new LinkedHashMap<>();
            Map<String, OnnxTensor> keptTensors = new HashMap<>();
            try {
                for (Map.Entry<String, OnnxValue> e : result) {
                    if (pinnedOut.containsKey(e.getKey())) {
                        out.put(e.getKey(), pinnedOut.get(e.getKey()));
                        continue;
                    }
                    OnnxTensor t = (OnnxTensor) e.getValue();
                    if (kept.contains(e.getKey())) {
                        keptTensors.put(e.getKey(), t);
                        continue;
                    }
                    long[] shape = t.getInfo().getShape();
                    if (t.getInfo().type == OnnxJavaType.INT64) {
                        LongBuffer b = t.getLongBuffer();
                        long[] data = new long[b.remaining()];
                        b.get(data);
                        out.put(e.getKey(), HostTensor.longs(data, shape));
                    } else if (t.getInfo().type == OnnxJavaType.UINT8) {
                        ByteBuffer b = t.getByteBuffer();
                        ByteBuffer data = ByteBuffer.allocateDirect(b.remaining());
                        data.put(b).flip();
                        out.put(e.getKey(), HostTensor.bytes(data, shape));
                    } else {
                        out.put(e.getKey(), HostTensor.floats(floats(t.getFloatBuffer()), shape));
                    }
                }
            } catch (RuntimeException | Error e) {
                result.close();
                throw e;
            }
            pinnedOut.forEach(out::putIfAbsent);
            // the kept values now belong to the caller; everything else the result owns is released here
            Map<String, EngineTensor> keptOut = new HashMap<>();
            keptTensors.forEach((name, t) -> keptOut.put(name, new OrtEngineTensor(t)));
            for (int i = 0; i < result.size(); i++) {
                if (result.isResultOwner(i) && !keptTensors.containsValue(result.get(i))) {
                    result.get(i).close();
                }
            }
            return new Result(out, keptOut);
        }

        private OnnxTensor input(String name, HostTensor t) throws OrtException {
            long[] shape = t.shape();
            Object source = t.directBuffer() != null ? t.directBuffer() : t.isConstant() ? t.floatData() : null;
            if (source != null) {
                // a few per input, as one input may alternate between sources (x_t, then x0 for the cache pass)
                List<Kept> kept = keptInputs.computeIfAbsent(name, k -> new ArrayList<>());
                for (Kept k : kept) {
                    if (k.source == source && Arrays.equals(k.shape, shape)) {
                        return k.tensor;
                    }
                }
                if (kept.size() == KEPT_PER_INPUT) {
                    kept.remove(0).tensor.close();
                }
                FloatBuffer data = t.directBuffer() != null ? t.directBuffer() : directFloats(t.floatData().length);
                if (t.directBuffer() == null) {
                    data.put(0, t.floatData());
                }
                OnnxTensor tensor = OnnxTensor.createTensor(env, data, shape);
                kept.add(new Kept(source, shape, tensor));
                return tensor;
            }
            // copied into this input's own direct buffer, under a tensor that is reused while the shape stays
            // (creating a tensor costs a native allocation, tens of microseconds even for a scalar)
            Kept staged = stagedInputs.get(name);
            if (staged == null || !Arrays.equals(staged.shape, shape)
                    || staged.source instanceof FloatBuffer != t.isFloat()) {
                if (staged != null) {
                    staged.tensor.close();
                }
                int n = Math.toIntExact(count(shape));
                if (t.isFloat()) {
                    FloatBuffer b = directFloats(n);
                    staged = new Kept(b, shape, OnnxTensor.createTensor(env, b, shape));
                } else {
                    LongBuffer b = ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder())
                            .asLongBuffer();
                    staged = new Kept(b, shape, OnnxTensor.createTensor(env, b, shape));
                }
                stagedInputs.put(name, staged);
            }
            if (staged.source instanceof FloatBuffer b) {
                b.put(0, t.floatData());
            } else {
                ((LongBuffer) staged.source).put(0, t.longData());
            }
            return staged.tensor;
        }

        private static long count(long[] shape) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        private static FloatBuffer directFloats(int n) {
            return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        /** A direct buffer and tensor of exactly this shape for an output, reused while the shape stays. */
        private Kept pinnedOutput(String name, ElementType type, long[] shape) throws OrtException {
            Kept k = pinnedOutputs.get(name);
            if (k != null && Arrays.equals(k.shape, shape)) {
                return k;
            }
            if (k != null) {
                k.tensor.close();
            }
            long n = count(shape);
            if (type == ElementType.UINT8) {
                ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(n));
                k = new Kept(b, shape.clone(), OnnxTensor.createTensor(env, b, shape, OnnxJavaType.UINT8));
            } else {
                FloatBuffer b = directFloats(Math.toIntExact(n));
                k = new Kept(b, shape.clone(), OnnxTensor.createTensor(env, b, shape));
            }
            pinnedOutputs.put(name, k);
            return k;
        }

        /** The copy ONNX Runtime already made (a heap buffer over an array) is used as is. */
        private static float[] floats(FloatBuffer b) {
            if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.array().length == b.remaining()) {
                return b.array();
            }
            float[] data = new float[b.remaining()];
            b.get(data);
            return data;
        }

        @Override
        public long engineNanos() {
            return engineNanos;
        }

        @Override
        public synchronized void close() {
            keptInputs.values().forEach(list -> list.forEach(k -> k.tensor.close()));
            keptInputs.clear();
            stagedInputs.values().forEach(k -> k.tensor.close());
            stagedInputs.clear();
            pinnedOutputs.values().forEach(k -> k.tensor.close());
            pinnedOutputs.clear();
            try {
                session.close();
            } catch (OrtException e) {
                // closing frees native memory; a failure here leaves nothing to recover
            }
        }
    }

    /** An ONNX Runtime tensor handed to the caller as a carried state. */
    private static final class OrtEngineTensor implements EngineTensor {
        private final OnnxTensor tensor;
        private boolean closed;

        OrtEngineTensor(OnnxTensor tensor) {
            this.tensor = tensor;
        }

        /** The tensor under a state given as an input, refused when closed or not from this engine. */
        static OnnxTensor open(String name, EngineTensor t) {
            if (!(t instanceof OrtEngineTensor o) || o.closed) {
                throw new IllegalArgumentException("input '" + name + "' is not an open ONNX Runtime tensor: " + t);
            }
            return o.tensor;
        }

        @Override
        public long[] shape() {
            return tensor.getInfo().getShape();
        }

        @Override
        public synchronized float[] copyFloats() {
            if (closed) {
                throw new IllegalStateException("tensor closed");
            }
            FloatBuffer b = tensor.getFloatBuffer();
            float[] data = new float[b.remaining()];
            b.get(data);
            return data;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                tensor.close();
            }
        }

        @Override
        public String toString() {
            return "engine float" + Arrays.toString(shape()) + (closed ? " (closed)" : "");
        }
    }
}
