package scope.pipeline.wan;

import java.util.Arrays;

/**
 * What a graph declares about one tensor: element type and shape, with -1 for a dynamic dimension, and the
 * symbolic names of dimensions ("" where none).
 */
public record TensorSpec(ElementType type, long[] shape, String[] dimNames) {
    public TensorSpec {
        shape = shape.clone();
        dimNames = dimNames == null ? new String[shape.length] : dimNames.clone();
    }

    public TensorSpec(ElementType type, long[] shape) {
        this(type, shape, null);
    }

    public boolean isFloat() {
        return type == ElementType.FLOAT;
    }

    /** The shape with dynamic dimensions filled from bindings by their symbolic name, or null if one is unknown. */
    public long[] resolve(java.util.Map<String, Long> bindings) {
        long[] out = shape.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0) {
                Long v = dimNames[i] == null ? null : bindings.get(dimNames[i]);
                if (v == null) {
                    return null;
                }
                out[i] = v;
            }
        }
        return out;
    }

    public int rank() {
        return shape.length;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public boolean isStatic() {
        return Arrays.stream(shape).allMatch(d -> d >= 0);
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape);
    }
}
