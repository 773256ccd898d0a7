package scope.api.onnx;

import java.util.Arrays;
import java.util.Objects;

/** A dense float32 tensor in row-major order. The data array is shared, not copied. */
public final class FloatTensor {
    private final long[] shape;
    private final float[] data;

    public FloatTensor(float[] data, long... shape) {
        this.data = Objects.requireNonNull(data, "data");
        this.shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + data.length);
        }
    }

    public long[] shape() {
        return shape.clone();
    }

    public long dimension(int axis) {
        return shape[axis];
    }

    public int rank() {
        return shape.length;
    }

    public float[] data() {
        return data;
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
