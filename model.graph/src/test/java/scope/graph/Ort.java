package scope.graph;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs a written model in ONNX Runtime (CPU) and returns one float output. */
final class Ort {
    private Ort() {
    }

    static float[] run(Path model, String output, Map<String, Object> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                Map<String, OnnxTensor> feeds = new HashMap<>();
                try {
                    for (Map.Entry<String, Object> e : inputs.entrySet()) {
                        feeds.put(e.getKey(), tensor(env, e.getValue()));
                    }
                    try (OrtSession.Result result = session.run(feeds)) {
                        OnnxTensor t = (OnnxTensor) result.get(output).orElseThrow();
                        FloatBuffer b = t.getFloatBuffer();
                        float[] out = new float[b.remaining()];
                        b.get(out);
                        return out;
                    }
                } finally {
                    feeds.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    /** A float input: {@code new Object[] {float[] values, long[] shape}}; int64: {@code long[]} values. */
    private static OnnxTensor tensor(OrtEnvironment env, Object spec) throws OrtException {
        Object[] s = (Object[]) spec;
        if (s[0] instanceof float[] f) {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(f), (long[]) s[1]);
        }
        if (s[0] instanceof long[] l) {
            return OnnxTensor.createTensor(env, LongBuffer.wrap(l), (long[]) s[1]);
        }
        if (s[0] instanceof boolean[] b) {
            boolean[][] rows = new boolean[(int) ((long[]) s[1])[0]][];
            int cols = (int) ((long[]) s[1])[1];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = java.util.Arrays.copyOfRange(b, i * cols, (i + 1) * cols);
            }
            return OnnxTensor.createTensor(env, rows);
        }
        throw new IllegalArgumentException("input " + s[0]);
    }

    static Object[] floats(float[] values, long... shape) {
        return new Object[] {values, shape};
    }

    static Object[] bools(boolean[] values, long rows, long cols) {
        return new Object[] {values, new long[] {rows, cols}};
    }
}
