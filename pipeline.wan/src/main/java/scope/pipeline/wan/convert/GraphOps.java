package scope.pipeline.wan.convert;

import java.util.Map;

/**
 * What the DiT converter needs from an ONNX graph builder: declared inputs and outputs, nodes, and initializers.
 * Names returned are the names of the values made. Dimensions are Long (fixed) or String (symbolic).
 */
public interface GraphOps {
    int FLOAT = 1;
    int BOOL = 9;
    int INT64 = 7;
    int DOUBLE = 11;

    void input(String name, int type, Object... dims);

    void output(String name, int type, Object... dims);

    /**
     * A node with one output; attribute values are Long, long[], Float, float[] or String.
     *
     * @param output the output's name, or null for a generated one
     */
    String node(String type, String[] inputs, String output, Map<String, Object> attributes);

    default String op(String type, String... inputs) {
        return node(type, inputs, null, Map.of());
    }

    /** A float initializer (a weight); {@code hint} becomes part of its name. */
    String weight(String hint, float[] data, long... shape);

    /** A double initializer. */
    String doubles(double[] data, long... shape);

    /** A 1-d int64 constant. */
    String longs(long... values);

    /** A float scalar constant (rank 0). */
    String scalar(float value);
}
