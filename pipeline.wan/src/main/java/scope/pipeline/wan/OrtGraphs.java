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
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Opens graphs as ONNX Runtime sessions on the default (CPU) execution provider. */
public final class OrtGraphs implements Graphs {
    private final int intraOpThreads;

    /** @param intraOpThreads threads per session; 0 lets ONNX Runtime choose */
    public OrtGraphs(int intraOpThreads) {
        this.intraOpThreads = intraOpThreads;
    }

    @Override
    public Graph open(Path file) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            return new OrtGraph(env, env.createSession(file.toString(), options));
        }
    }

    private static final class OrtGraph implements Graph {
        private final OrtEnvironment env;
        private final OrtSession session;
        private final Map<String, TensorSpec> inputs;
        private final Map<String, TensorSpec> outputs;
        private final Map<String, Kept> keptInputs = new HashMap<>();
        private final Map<String, FloatBuffer> staging = new HashMap<>();
        private final Map<String, Kept> pinnedOutputs = new HashMap<>();
        private long engineNanos;

        /** An input tensor kept across calls, valid while the caller passes the same source (buffer or array). */
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
                    boolean isFloat = t.type == OnnxJavaType.FLOAT;
                    boolean isLong = t.type == OnnxJavaType.INT64;
                    // other element types are reported as a wrong type by the contract check
                    specs.put(name, isFloat || isLong ? new TensorSpec(isFloat, t.getShape(), t.getDimensionNames()) : null);
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
            return run(in, Map.of());
        }

        @Override
        public synchronized Map<String, HostTensor> run(Map<String, HostTensor> in, Map<String, long[]> known)
                throws OrtException {
            Map<String, OnnxTensor> pinned = new HashMap<>();
            Map<String, HostTensor> pinnedOut = new HashMap<>();
            for (Map.Entry<String, long[]> e : known.entrySet()) {
                TensorSpec spec = outputs.get(e.getKey());
                if (spec != null && spec.isFloat()) {
                    Kept k = pinnedOutput(e.getKey(), e.getValue());
                    pinned.put(e.getKey(), k.tensor);
                    pinnedOut.put(e.getKey(), HostTensor.direct((FloatBuffer) k.source, e.getValue()));
                }
            }
            Map<String, OnnxTensor> tensors = new HashMap<>();
            List<OnnxTensor> perCall = new ArrayList<>();
            try {
                for (Map.Entry<String, HostTensor> e : in.entrySet()) {
                    tensors.put(e.getKey(), input(e.getKey(), e.getValue(), perCall));
                }
                long start = System.nanoTime();
                try (OrtSession.Result result = pinned.isEmpty() ? session.run(tensors)
                        : session.run(tensors, unpinned(pinned.keySet()), pinned)) {
                    engineNanos += System.nanoTime() - start;
                    Map<String, HostTensor> out = new LinkedHashMap<>();
                    for (Map.Entry<String, OnnxValue> e : result) {
                        if (pinnedOut.containsKey(e.getKey())) {
                            out.put(e.getKey(), pinnedOut.get(e.getKey()));
                            continue;
                        }
                        OnnxTensor t = (OnnxTensor) e.getValue();
                        long[] shape = t.getInfo().getShape();
                        if (t.getInfo().type == OnnxJavaType.INT64) {
                            LongBuffer b = t.getLongBuffer();
                            long[] data = new long[b.remaining()];
                            b.get(data);
                            out.put(e.getKey(), HostTensor.longs(data, shape));
                        } else {
                            out.put(e.getKey(), HostTensor.floats(floats(t.getFloatBuffer()), shape));
                        }
                    }
                    pinnedOut.forEach(out::putIfAbsent);
                    return out;
                }
            } finally {
                perCall.forEach(OnnxTensor::close);
            }
        }

        private OnnxTensor input(String name, HostTensor t, List<OnnxTensor> perCall) throws OrtException {
            long[] shape = t.shape();
            if (!t.isFloat()) {
                OnnxTensor tensor = OnnxTensor.createTensor(env, LongBuffer.wrap(t.longData()), shape);
                perCall.add(tensor);
                return tensor;
            }
            Kept kept = keptInputs.get(name);
            Object source = t.directBuffer() != null ? t.directBuffer() : t.isConstant() ? t.floatData() : null;
            if (source != null) {
                if (kept != null && kept.source == source && Arrays.equals(kept.shape, shape)) {
                    return kept.tensor;
                }
                if (kept != null) {
                    kept.tensor.close();
                }
                FloatBuffer data = t.directBuffer() != null ? t.directBuffer() : staged(name, t.floatData());
                // the staging buffer of a constant is its own (never reused for another input)
                if (t.directBuffer() == null) {
                    staging.remove(name);
                }
                OnnxTensor tensor = OnnxTensor.createTensor(env, data, shape);
                keptInputs.put(name, new Kept(source, shape, tensor));
                return tensor;
            }
            if (kept != null) {
                keptInputs.remove(name).tensor.close();
            }
            OnnxTensor tensor = OnnxTensor.createTensor(env, staged(name, t.floatData()), shape);
            perCall.add(tensor);
            return tensor;
        }

        /** The outputs ONNX Runtime allocates itself (a pinned output must not be requested again). */
        private Set<String> unpinned(Set<String> pinned) {
            Set<String> rest = new LinkedHashSet<>(outputs.keySet());
            rest.removeAll(pinned);
            return rest;
        }

        /** A direct buffer and tensor of exactly this shape for an output, reused while the shape stays. */
        private Kept pinnedOutput(String name, long[] shape) throws OrtException {
            Kept k = pinnedOutputs.get(name);
            if (k != null && Arrays.equals(k.shape, shape)) {
                return k;
            }
            if (k != null) {
                k.tensor.close();
            }
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            FloatBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(n * Float.BYTES)).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            k = new Kept(b, shape.clone(), OnnxTensor.createTensor(env, b, shape));
            pinnedOutputs.put(name, k);
            return k;
        }

        /** The data in this input's direct buffer (grown when too small), positioned for the engine. */
        private FloatBuffer staged(String name, float[] data) {
            FloatBuffer b = staging.get(name);
            if (b == null || b.capacity() < data.length) {
                b = ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
                staging.put(name, b);
            }
            b.clear();
            b.put(data);
            b.flip();
            return b;
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
            keptInputs.values().forEach(k -> k.tensor.close());
            keptInputs.clear();
            pinnedOutputs.values().forEach(k -> k.tensor.close());
            pinnedOutputs.clear();
            try {
                session.close();
            } catch (OrtException e) {
                // closing frees native memory; a failure here leaves nothing to recover
            }
        }
    }
}
