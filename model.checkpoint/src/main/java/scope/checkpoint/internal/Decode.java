package scope.checkpoint.internal;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import scope.checkpoint.DType;

/** Conversions of stored elements to float32 and to long. */
public final class Decode {
    private static final float[] F8_E4M3 = new float[256];
    private static final float[] F8_E5M2 = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            F8_E4M3[b] = e4m3fn(b);
            F8_E5M2[b] = e5m2(b);
        }
    }

    private Decode() {
    }

    /** IEEE 754 binary16 to float, exactly (subnormals, infinities, NaN payload kept in the high bits). */
    public static float halfToFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero): mant * 2^-24, exact in float
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** bfloat16 (the high half of a float32) to float. */
    public static float bf16ToFloat(int b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }

    /** float8 e4m3fn: bias 7, no infinities, S.1111.111 is NaN, subnormals mant * 2^-9. */
    static float e4m3fn(int b) {
        boolean negative = (b & 0x80) != 0;
        int exp = (b >>> 3) & 0xf;
        int mant = b & 0x7;
        float v;
        if (exp == 0xf && mant == 0x7) {
            return Float.NaN;
        } else if (exp == 0) {
            v = mant * 0x1p-9f;
        } else {
            v = (1 + mant / 8f) * (float) Math.scalb(1.0, exp - 7);
        }
        return negative ? -v : v;
    }

    /** float8 e5m2: bias 15, IEEE-like (exponent 31: infinity or NaN), subnormals mant * 2^-16. */
    static float e5m2(int b) {
        boolean negative = (b & 0x80) != 0;
        int exp = (b >>> 2) & 0x1f;
        int mant = b & 0x3;
        float v;
        if (exp == 0x1f) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else if (exp == 0) {
            v = mant * 0x1p-16f;
        } else {
            v = (1 + mant / 4f) * (float) Math.scalb(1.0, exp - 15);
        }
        return negative ? -v : v;
    }

    /**
     * Converts {@code count} elements of {@code type} read from {@code src} (little-endian, at its position,
     * which advances) into {@code dst}.
     */
    static void toFloats(DType type, ByteBuffer src, int count, FloatBuffer dst) {
        switch (type) {
            case F32 -> {
                FloatBuffer f = src.asFloatBuffer();
                f.limit(count);
                dst.put(f);
                src.position(src.position() + count * 4);
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    dst.put((float) src.getDouble());
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst.put(halfToFloat(src.getShort() & 0xffff));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst.put(bf16ToFloat(src.getShort()));
                }
            }
            case F8_E4M3 -> {
                for (int i = 0; i < count; i++) {
                    dst.put(F8_E4M3[src.get() & 0xff]);
                }
            }
            case F8_E5M2 -> {
                for (int i = 0; i < count; i++) {
                    dst.put(F8_E5M2[src.get() & 0xff]);
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    dst.put((float) toLong(type, src));
                }
            }
        }
    }

    /** Reads one integer or boolean element (U8 unsigned, BOOL 0 or 1). */
    static long toLong(DType type, ByteBuffer src) {
        return switch (type) {
            case I64 -> src.getLong();
            case I32 -> src.getInt();
            case I16 -> src.getShort();
            case I8 -> src.get();
            case U8 -> src.get() & 0xff;
            case BOOL -> src.get() != 0 ? 1 : 0;
            default -> throw new IllegalArgumentException(type + " is not an integer dtype");
        };
    }
}
