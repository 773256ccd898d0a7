package scope.checkpoint;

import java.util.Locale;
import java.util.Optional;

/**
 * The element types a checkpoint may store. Names follow safetensors' dtype strings; {@link #F8_E4M3} is the
 * "fn" variant ({@code torch.float8_e4m3fn}: bias 7, no infinities, 0x7F/0xFF are NaN, largest finite 448).
 */
public enum DType {
    F64(8, true),
    F32(4, true),
    F16(2, true),
    BF16(2, true),
    F8_E4M3(1, true),
    F8_E5M2(1, true),
    I64(8, false),
    I32(4, false),
    I16(2, false),
    I8(1, false),
    U8(1, false),
    BOOL(1, false);

    private final int byteSize;
    private final boolean floatingPoint;

    DType(int byteSize, boolean floatingPoint) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether values are floating point (otherwise integers or booleans, readable with {@code toLongs}). */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** The dtype of a safetensors header string ("F32", "BF16", "F8_E4M3", ...), empty if unknown. */
    public static Optional<DType> ofSafetensorsName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (DType t : values()) {
            if (t.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
