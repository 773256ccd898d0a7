package scope.pipeline.wan.convert;

import java.util.Arrays;
import java.util.Set;

/** The DiT's state dict as the converter reads it: upstream key names (no {@code model.} prefix), float values. */
public interface DitWeights {
    /** The file(s) the weights come from, for messages. */
    String source();

    Set<String> keys();

    default boolean contains(String key) {
        return keys().contains(key);
    }

    /** The tensor's shape; a missing key is an error naming it. */
    long[] shape(String key);

    /** The tensor's values as floats (row-major). */
    float[] floats(String key);

    /** The shape, which must have this rank. */
    default long[] shape(String key, int rank) {
        if (!contains(key)) {
            throw new ConversionException(source(), key, "missing");
        }
        long[] s = shape(key);
        if (s.length != rank) {
            throw new ConversionException(source(), key, "shape " + Arrays.toString(s) + ", expected rank " + rank);
        }
        return s;
    }

    default void requireShape(String key, long[] expected) {
        if (!contains(key)) {
            throw new ConversionException(source(), key, "missing");
        }
        if (!Arrays.equals(shape(key), expected)) {
            throw new ConversionException(source(), key, "shape " + Arrays.toString(shape(key)) + ", expected "
                    + Arrays.toString(expected));
        }
    }
}
