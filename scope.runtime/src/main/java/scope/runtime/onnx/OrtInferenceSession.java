package scope.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import scope.api.onnx.FloatTensor;
import scope.api.onnx.InferenceSession;
import scope.api.onnx.OnnxException;
import scope.api.onnx.TensorSpec;

/** One {@link OrtSession} behind the API's {@link InferenceSession}; float32 tensors in and out. */
final class OrtInferenceSession implements InferenceSession {
    private final Path model;
    private final OrtSession session;
    private final OrtSession.SessionOptions options;
    private final OrtEnvironment env;
    private final String provider;
    private final Map<String, TensorSpec> inputs;
    private final Map<String, TensorSpec> outputs;
    private volatile boolean closed;

    OrtInferenceSession(Path model, OrtSession session, OrtSession.SessionOptions options, OrtEnvironment env,
            String provider) throws OrtException {
        this.model = model;
        this.session = session;
        this.options = options;
        this.env = env;
        this.provider = provider;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
    }

    private static Map<String, TensorSpec> specs(Map<String, NodeInfo> infos) {
        Map<String, TensorSpec> specs = new LinkedHashMap<>();
        for (NodeInfo node : infos.values()) {
            if (node.getInfo() instanceof TensorInfo t) {
                specs.put(node.getName(), new TensorSpec(node.getName(), t.onnxType.name()
                        .replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "").toLowerCase(), t.getShape(),
                        t.getDimensionNames()));
            } else {
                specs.put(node.getName(), new TensorSpec(node.getName(), "non-tensor", new long[0], new String[0]));
            }
        }
        return Collections.unmodifiableMap(specs);
    }

    @Override
    public Path model() {
        return model;
    }

    @Override
    public String executionProvider() {
        return provider;
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
    public Map<String, FloatTensor> run(Map<String, FloatTensor> in, Set<String> outputNames) throws OnnxException {
        if (closed) {
            throw new OnnxException("session for " + model + " is closed");
        }
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, FloatTensor> e : in.entrySet()) {
                if (!inputs.containsKey(e.getKey())) {
                    throw new OnnxException(model.getFileName() + " has no input '" + e.getKey() + "'; inputs: "
                            + inputs.values());
                }
                FloatTensor t = e.getValue();
                tensors.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data()), t.shape()));
            }
            try (OrtSession.Result result = session.run(tensors, outputNames)) {
                Map<String, FloatTensor> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    if (!(e.getValue() instanceof OnnxTensor t) || t.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                        throw new OnnxException("output '" + e.getKey() + "' of " + model.getFileName()
                                + " is not a float tensor: " + e.getValue().getInfo());
                    }
                    FloatBuffer buffer = t.getFloatBuffer();
                    float[] data = new float[buffer.remaining()];
                    buffer.get(data);
                    out.put(e.getKey(), new FloatTensor(data, t.getInfo().getShape()));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new OnnxException("Inference failed in " + model + ": " + e.getMessage(), e);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing a caller could do; the native memory is released by ORT either way.
        } finally {
            options.close();
        }
    }

    @Override
    public String toString() {
        return "InferenceSession[" + model.getFileName() + " on " + provider + "]";
    }
}
