package scope.checkpoint.internal;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import scope.checkpoint.CheckpointException;
import scope.checkpoint.DType;
import scope.checkpoint.StoredTensor;

/** A contiguous C-order tensor stored at a byte offset of a mapped file. */
public final class MappedTensor implements StoredTensor {
    /** Elements converted per step when streaming, so a step's bytes always lie inside one mapping window. */
    private static final int STEP = 1 << 22;

    private final FileMapping mapping;
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final long count;
    private final long offset;

    /** {@code offset}: the absolute byte offset of the first element in the file; the caller checked the bounds. */
    public MappedTensor(FileMapping mapping, String name, DType dtype, long[] shape, long count, long offset) {
        this.mapping = mapping;
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.count = count;
        this.offset = offset;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public long elementCount() {
        return count;
    }

    @Override
    public float[] toFloats() throws CheckpointException {
        float[] out = new float[heapLength()];
        readFloats(0, FloatBuffer.wrap(out));
        return out;
    }

    @Override
    public void readFloats(long fromElement, FloatBuffer into) throws CheckpointException {
        long n = into.remaining();
        checkRange(fromElement, n);
        long done = 0;
        while (done < n) {
            int step = (int) Math.min(STEP, n - done);
            ByteBuffer src = mapping.slice(offset + (fromElement + done) * dtype.byteSize(),
                    (long) step * dtype.byteSize(), name);
            Decode.toFloats(dtype, src, step, into);
            done += step;
        }
    }

    @Override
    public long[] toLongs() throws CheckpointException {
        if (dtype.isFloatingPoint()) {
            throw new CheckpointException(mapping.file(), name, "stored as " + dtype + ", not an integer dtype");
        }
        long[] out = new long[heapLength()];
        int done = 0;
        while (done < out.length) {
            int step = Math.min(STEP, out.length - done);
            ByteBuffer src = mapping.slice(offset + (long) done * dtype.byteSize(), (long) step * dtype.byteSize(), name);
            for (int i = 0; i < step; i++) {
                out[done + i] = Decode.toLong(dtype, src);
            }
            done += step;
        }
        return out;
    }

    @Override
    public ByteBuffer rawBytes() {
        long bytes = byteSize();
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalStateException(mapping.file() + ": tensor '" + name + "': " + bytes
                    + " bytes do not fit one buffer; read it in parts (rawBytes(from, length) or readFloats)");
        }
        try {
            return mapping.slice(offset, bytes, name);
        } catch (CheckpointException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public ByteBuffer rawBytes(long fromByte, int length) throws CheckpointException {
        if (fromByte < 0 || length < 0 || fromByte + length > byteSize()) {
            throw new CheckpointException(mapping.file(), name, "bytes [" + fromByte + ", " + (fromByte + length)
                    + ") lie outside its " + byteSize() + " bytes");
        }
        return mapping.slice(offset + fromByte, length, name);
    }

    private int heapLength() throws CheckpointException {
        if (count > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(mapping.file(), name, count
                    + " elements do not fit one Java array; stream it with readFloats");
        }
        return (int) count;
    }

    private void checkRange(long from, long n) throws CheckpointException {
        if (from < 0 || from + n > count) {
            throw new CheckpointException(mapping.file(), name, "elements [" + from + ", " + (from + n)
                    + ") lie outside its " + count + " elements");
        }
    }

    @Override
    public String toString() {
        return name + " " + dtype + java.util.Arrays.toString(shape);
    }
}
