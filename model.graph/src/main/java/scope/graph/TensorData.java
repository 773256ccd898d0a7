package scope.graph;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * A float tensor's values in C order, produced when the model is written, so that converting a checkpoint never
 * holds all weights in the heap: a weight is read from its source file while it is written out.
 */
public interface TensorData {
    /** Elements in the tensor. */
    long size();

    /** Pushes every value, in C order, in one or more chunks. */
    void writeTo(FloatSink sink) throws IOException;

    /** Reads a range of values: fills {@code into.remaining()} floats starting at element {@code from}. */
    @FunctionalInterface
    interface RangeReader {
        void read(long from, FloatBuffer into) throws IOException;
    }

    /** Floats of a chunk when a source is read by ranges. */
    int CHUNK = 1 << 20;

    /** Values held in an array (small tensors, tests). */
    static TensorData of(float... values) {
        Objects.requireNonNull(values, "values");
        return new TensorData() {
            @Override
            public long size() {
                return values.length;
            }

            @Override
            public void writeTo(FloatSink sink) throws IOException {
                sink.accept(FloatBuffer.wrap(values));
            }
        };
    }

    /** Values read from a source (a checkpoint tensor) in chunks of {@link #CHUNK} floats. */
    static TensorData reading(long size, RangeReader reader) {
        Objects.requireNonNull(reader, "reader");
        return new TensorData() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void writeTo(FloatSink sink) throws IOException {
                FloatBuffer chunk = FloatBuffer.allocate((int) Math.min(CHUNK, Math.max(size, 1)));
                for (long from = 0; from < size; from += chunk.capacity()) {
                    int n = (int) Math.min(chunk.capacity(), size - from);
                    chunk.clear().limit(n);
                    reader.read(from, chunk);
                    chunk.position(0).limit(n); // whether the reader advanced the position or wrote in place
                    sink.accept(chunk);
                }
            }
        };
    }

    /**
     * The transpose of a [rows, cols] matrix (PyTorch's Linear weight [out, in] becomes MatMul's [in, out]). The
     * source is read whole when written: one matrix at a time is in the heap.
     */
    static TensorData transposed(TensorData source, long rows, long cols) {
        if (rows * cols != source.size()) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix has " + rows * cols
                    + " elements, the source has " + source.size());
        }
        if (source.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix of " + source.size() + " elements is too large to transpose");
        }
        int r = (int) rows;
        int c = (int) cols;
        return new TensorData() {
            @Override
            public long size() {
                return source.size();
            }

            @Override
            public void writeTo(FloatSink sink) throws IOException {
                float[] all = toArray(source);
                FloatBuffer row = FloatBuffer.allocate(r);
                for (int j = 0; j < c; j++) {
                    row.clear();
                    for (int i = 0; i < r; i++) {
                        row.put(all[i * c + j]);
                    }
                    row.flip();
                    sink.accept(row);
                }
            }
        };
    }

    /** All values in an array (the tensor must fit one). */
    static float[] toArray(TensorData data) throws IOException {
        if (data.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of " + data.size() + " elements does not fit an array");
        }
        float[] all = new float[(int) data.size()];
        int[] at = {0};
        data.writeTo(chunk -> {
            int n = chunk.remaining();
            chunk.get(all, at[0], n);
            at[0] += n;
        });
        if (at[0] != all.length) {
            throw new IOException("tensor data gave " + at[0] + " of " + all.length + " values");
        }
        return all;
    }
}
