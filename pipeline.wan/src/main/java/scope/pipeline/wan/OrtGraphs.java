package scope.pipeline.wan;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

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
        private long engineNanos;

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

        @Override
        public Map<String, HostTensor> run(Map<String, HostTensor> in) throws OrtException {
            Map<String, OnnxTensor> tensors = new HashMap<>();
            try {
                for (Map.Entry<String, HostTensor> e : in.entrySet()) {
                    HostTensor t = e.getValue();
                    tensors.put(e.getKey(), t.isFloat()
                            ? OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floatData()), t.shape())
                            : OnnxTensor.createTensor(env, LongBuffer.wrap(t.longData()), t.shape()));
                }
                long start = System.nanoTime();
                try (OrtSession.Result result = session.run(tensors)) {
                    engineNanos += System.nanoTime() - start;
                    Map<String, HostTensor> out = new LinkedHashMap<>();
                    for (Map.Entry<String, OnnxValue> e : result) {
                        OnnxTensor t = (OnnxTensor) e.getValue();
                        long[] shape = t.getInfo().getShape();
                        if (t.getInfo().type == OnnxJavaType.INT64) {
                            LongBuffer b = t.getLongBuffer();
                            long[] data = new long[b.remaining()];
                            b.get(data);
                            out.put(e.getKey(), HostTensor.longs(data, shape));
                        } else {
                            FloatBuffer b = t.getFloatBuffer();
                            float[] data = new float[b.remaining()];
                            b.get(data);
                            out.put(e.getKey(), HostTensor.floats(data, shape));
                        }
                    }
                    return out;
                }
            } finally {
                tensors.values().forEach(OnnxTensor::close);
            }
        }

        @Override
        public long engineNanos() {
            return engineNanos;
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                // closing frees native memory; a failure here leaves nothing to recover
            }
        }
    }
}
