package scope.pipeline.wan;

import java.util.Arrays;

/** A tensor held in Java memory: float or int64 data with a shape. Graph inputs and outputs travel as these. */
public final class HostTensor {
    private final long[] shape;
    private final float[] floats;
    private final long[] longs;

    private HostTensor(long[] shape, float[] floats, long[] longs) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        int length = floats != null ? floats.length : longs.length;
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + length);
        }
        this.shape = shape.clone();
        this.floats = floats;
        this.longs = longs;
    }

    public static HostTensor floats(float[] data, long... shape) {
        return new HostTensor(shape, data, null);
    }

    public static HostTensor longs(long[] data, long... shape) {
        return new HostTensor(shape, null, data);
    }

    public static HostTensor scalar(float value) {
        return floats(new float[] {value}, 1);
    }

    public boolean isFloat() {
        return floats != null;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long dim(int axis) {
        return shape[axis];
    }

    /** The float data, shared, not copied. */
    public float[] floatData() {
        if (floats == null) {
            throw new IllegalStateException("int64 tensor read as float");
        }
        return floats;
    }

    /** The int64 data, shared, not copied. */
    public long[] longData() {
        if (longs == null) {
            throw new IllegalStateException("float tensor read as int64");
        }
        return longs;
    }

    @Override
    public String toString() {
        return (isFloat() ? "float" : "int64") + Arrays.toString(shape);
    }
}
