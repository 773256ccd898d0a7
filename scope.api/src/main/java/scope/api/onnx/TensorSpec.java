package scope.api.onnx;

import java.util.Arrays;

/**
 * The declared type and shape of a model input or output. A dimension of {@code -1} is dynamic; its symbolic name
 * (for example {@code "height"}) is in {@link #dimensionNames()} where the model gives one.
 */
public final class TensorSpec {
    private final String name;
    private final String elementType;
    private final long[] shape;
    private final String[] dimensionNames;

    public TensorSpec(String name, String elementType, long[] shape, String[] dimensionNames) {
        this.name = name;
        this.elementType = elementType;
        this.shape = shape.clone();
        this.dimensionNames = dimensionNames.clone();
    }

    public String name() {
        return name;
    }

    /** ONNX element type in lower case: {@code float}, {@code float16}, {@code int64}, ... */
    public String elementType() {
        return elementType;
    }

    public long[] shape() {
        return shape.clone();
    }

    public String[] dimensionNames() {
        return dimensionNames.clone();
    }

    /** The size of one dimension, or -1 where it is dynamic. */
    public long dimension(int axis) {
        return shape[axis];
    }

    public int rank() {
        return shape.length;
    }

    @Override
    public String toString() {
        return name + ": " + elementType + Arrays.toString(shape);
    }
}
