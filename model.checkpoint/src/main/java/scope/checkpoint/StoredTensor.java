package scope.checkpoint;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * One tensor of a checkpoint, read lazily from the file's mapping: nothing is copied to the heap until values are
 * asked for. Values are in C (row-major) order.
 */
public interface StoredTensor {
    /** The tensor's full name in its checkpoint. */
    String name();

    /** The stored element type. */
    DType dtype();

    /** The shape (a copy); empty for a scalar. */
    long[] shape();

    /** The product of the shape (1 for a scalar). */
    long elementCount();

    /** Stored bytes: {@code elementCount() * dtype().byteSize()}. */
    default long byteSize() {
        return elementCount() * dtype().byteSize();
    }

    /**
     * All values widened (or dequantized) to float32: F16/BF16/F8 exactly, F64 rounded, integers converted.
     * Fails for tensors of more than {@code Integer.MAX_VALUE} elements: stream those with {@link #readFloats}.
     */
    float[] toFloats() throws CheckpointException;

    /**
     * Streams {@code into.remaining()} values starting at element {@code fromElement} into {@code into} (advancing
     * its position), converted as by {@link #toFloats()}. Works for tensors of any size.
     */
    void readFloats(long fromElement, FloatBuffer into) throws CheckpointException;

    /** All values of an integer or boolean tensor as longs (U8 unsigned, BOOL 0/1); fails for float dtypes. */
    long[] toLongs() throws CheckpointException;

    /**
     * A read-only little-endian view of the stored bytes (a slice of the file's mapping). Fails with an
     * {@link IllegalStateException} naming file and key for a tensor above 2 GB, which no single buffer can hold:
     * read those with {@link #rawBytes(long, int)} or {@link #readFloats}.
     */
    ByteBuffer rawBytes();

    /** A read-only little-endian view of {@code length} stored bytes starting at byte {@code fromByte}. */
    ByteBuffer rawBytes(long fromByte, int length) throws CheckpointException;
}
