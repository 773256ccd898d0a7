package scope.pipeline.wan.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Set;
import scope.graph.TensorData;

/**
 * The DiT's state dict as the converter reads it: upstream key names (no {@code model.} prefix), values as
 * {@link TensorData} read when the model is written, so a checkpoint is never held in the heap at once.
 */
public interface DitWeights {
    /** The file(s) the weights come from, for messages. */
    String source();

    Set<String> keys();

    default boolean contains(String key) {
        return keys().contains(key);
    }

    /** The tensor's shape (the key must exist). */
    long[] shape(String key);

    /** The tensor's values as floats in C order, produced when written. */
    TensorData tensor(String key);

    /** The values of a small tensor, read now. */
    default float[] floats(String key) {
        try {
            return TensorData.toArray(tensor(key));
        } catch (IOException e) {
            throw new UncheckedIOException(source() + ": reading '" + key + "': " + e.getMessage(), e);
        }
    }

    /** The shape, which must have this rank; a missing key is an error naming it. */
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
