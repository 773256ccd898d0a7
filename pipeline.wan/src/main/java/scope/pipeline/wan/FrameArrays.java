package scope.pipeline.wan;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The byte arrays of a block's output frames, allocated on the background thread while the engine runs, so
 * handing frames out costs only the copy of their bytes (allocating and first touching 6.6 MB at 320x576 costs as
 * much again, more while the heap still grows). Every block gets fresh arrays: frames are never reused.
 */
final class FrameArrays {
    private final BackgroundThread background;
    private Future<byte[][]> prepared;
    private int count;
    private int size;

    FrameArrays(BackgroundThread background) {
        this.background = background;
    }

    /** Starts allocating {@code count} arrays of {@code size} bytes for this block's frames. */
    void prepare(int count, int size) {
        this.count = count;
        this.size = size;
        prepared = background.submit(() -> allocate(count, size));
    }

    /** The prepared arrays when they fit, else new ones. */
    byte[][] take(int count, int size) throws InterruptedException {
        Future<byte[][]> f = prepared;
        prepared = null;
        if (f != null && count == this.count && size == this.size) {
            try {
                return f.get();
            } catch (ExecutionException e) {
                // allocated here instead
            }
        }
        return allocate(count, size);
    }

    private static byte[][] allocate(int count, int size) {
        byte[][] arrays = new byte[count][];
        for (int i = 0; i < count; i++) {
            arrays[i] = new byte[size];
        }
        return arrays;
    }
}
