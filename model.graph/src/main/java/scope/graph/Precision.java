package scope.graph;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The floating-point type of a graph's weights and activations. FP32 is for tests and CPUs; FP16 and BF16 halve
 * the file and the device memory. Graph inputs and outputs keep the types of the model contract: converters cast
 * at the edges ({@link GraphBuilder#toCompute}, {@link GraphBuilder#toFloat}), and the shared layers compute
 * norms and softmax in float32 whatever the precision (as the PyTorch models do).
 */
public enum Precision {
    FP32(DataType.FLOAT),
    FP16(DataType.FLOAT16),
    BF16(DataType.BFLOAT16);

    private final DataType type;

    Precision(DataType type) {
        this.type = type;
    }

    /** The element type of weights and activations. */
    public DataType type() {
        return type;
    }

    /** Writes {@code src.remaining()} floats into {@code dst} as little-endian values of this precision. */
    public void encode(FloatBuffer src, ByteBuffer dst) {
        switch (this) {
            case FP32 -> {
                while (src.hasRemaining()) {
                    dst.putFloat(src.get());
                }
            }
            case FP16 -> {
                while (src.hasRemaining()) {
                    dst.putShort(toHalf(src.get()));
                }
            }
            case BF16 -> {
                while (src.hasRemaining()) {
                    dst.putShort(toBfloat16(src.get()));
                }
            }
        }
    }

    /** IEEE 754 binary16 bits of {@code f}, rounded to nearest even; overflow gives infinity. */
    public static short toHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            int full = mant | 0x800000;
            int shift = 14 - e;
            int half = full >>> shift;
            int rem = full & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++; // a carry into the exponent is the correct rounding (up to infinity)
        }
        return (short) (sign | half);
    }

    /** The float value of binary16 bits. */
    public static float fromHalf(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** bfloat16 bits of {@code f}, rounded to nearest even; NaN stays NaN. */
    public static short toBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** The float value of bfloat16 bits. */
    public static float fromBfloat16(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }
}
