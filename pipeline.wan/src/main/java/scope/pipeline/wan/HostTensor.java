package scope.pipeline.wan;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A tensor held in Java memory: float, int64 or uint8 data with a shape. Graph inputs and outputs travel as these.
 * Float data is a heap array, or a direct buffer that an engine can read in place (no copy per call); uint8 data
 * (decoded frames) is always a direct buffer.
 */
public final class HostTensor {
    private final long[] shape;
    private final float[] floats;
    private final long[] longs;
    private final FloatBuffer direct;
    private final ByteBuffer bytes;
    private final boolean constant;

    private HostTensor(long[] shape, float[] floats, long[] longs, FloatBuffer direct, ByteBuffer bytes,
            boolean constant) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        long length = direct != null ? direct.capacity() : bytes != null ? bytes.capacity()
                : floats != null ? floats.length : longs.length;
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + length);
        }
        this.shape = shape.clone();
        this.floats = floats;
        this.longs = longs;
        this.direct = direct;
        this.bytes = bytes;
        this.constant = constant;
    }

    public static HostTensor floats(float[] data, long... shape) {
        return new HostTensor(shape, data, null, null, null, false);
    }

    /**
     * Float data the caller never changes after this call (a prompt embedding): an engine may keep its own copy
     * and reuse it for as long as it is given the same array.
     */
    public static HostTensor constant(float[] data, long... shape) {
        return new HostTensor(shape, data, null, null, null, true);
    }

    /**
     * Float data in a direct native-order buffer (capacity = element count) that the engine reads in place; changes
     * to the buffer are seen by the next call without copying.
     */
    public static HostTensor direct(FloatBuffer data, long... shape) {
        if (!data.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return new HostTensor(shape, null, null, data, null, false);
    }

    /** uint8 data in a direct buffer (capacity = element count). */
    public static HostTensor bytes(ByteBuffer data, long... shape) {
        if (!data.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return new HostTensor(shape, null, null, null, data, false);
    }

    public static HostTensor longs(long[] data, long... shape) {
        return new HostTensor(shape, null, data, null, null, false);
    }

    public static HostTensor scalar(float value) {
        return floats(new float[] {value}, 1);
    }

    public ElementType type() {
        return bytes != null ? ElementType.UINT8 : longs != null ? ElementType.INT64 : ElementType.FLOAT;
    }

    public boolean isFloat() {
        return floats != null || direct != null;
    }

    /** True for {@link #constant} tensors. */
    public boolean isConstant() {
        return constant;
    }

    /** The direct buffer of a {@link #direct} tensor, else null. */
    public FloatBuffer directBuffer() {
        return direct;
    }

    /** The buffer of a {@link #bytes} tensor, shared (absolute reads only), else null. */
    public ByteBuffer byteBuffer() {
        return bytes;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long dim(int axis) {
        return shape[axis];
    }

    /** The float data, shared, not copied (a copy for a {@link #direct} tensor). */
    public float[] floatData() {
        if (direct != null) {
            float[] copy = new float[direct.capacity()];
            direct.get(0, copy);
            return copy;
        }
        if (floats == null) {
            throw new IllegalStateException(type() + " tensor read as float");
        }
        return floats;
    }

    /** The int64 data, shared, not copied. */
    public long[] longData() {
        if (longs == null) {
            throw new IllegalStateException(type() + " tensor read as int64");
        }
        return longs;
    }

    @Override
    public String toString() {
        return type() + Arrays.toString(shape);
    }
}
