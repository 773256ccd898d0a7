package scope.pipeline.wan.convert;

import java.util.Arrays;
import java.util.Set;
import scope.graph.TensorData;

/**
 * The tensors of a state dict as a converter reads them: names, shapes, and values streamed as floats when the
 * graph is written. Checkpoint files of any format are seen through this view, so a converter knows keys and
 * shapes, not files.
 */
public interface Weights extends AutoCloseable {
    /** What the tensors come from (a file name), for messages. */
    String source();

    /** Releases the file(s) behind the view, once the graph is written; nothing to release by default. */
    @Override
    default void close() {
    }

    /** Every key. */
    Set<String> names();

    /** The shape of a tensor. */
    long[] shape(String name);

    /** The values of a tensor, as floats in C order, read when written. */
    TensorData data(String name);

    /** The shape of a tensor that must have the given rank. */
    default long[] shape(String name, int rank) {
        require(name);
        long[] s = shape(name);
        if (s.length != rank) {
            throw new ConversionException(source(), name, "shape " + Arrays.toString(s) + ", expected rank " + rank);
        }
        return s;
    }

    /** Fails naming the key when it is missing. */
    default void require(String name) {
        if (!names().contains(name)) {
            throw new ConversionException(source(), name, "missing");
        }
    }

    /** Checks a tensor's shape exactly. */
    default void expect(String name, long... shape) {
        require(name);
        long[] s = shape(name);
        if (!Arrays.equals(s, shape)) {
            throw new ConversionException(source(), name, "shape " + Arrays.toString(s) + ", expected "
                    + Arrays.toString(shape));
        }
    }
}
