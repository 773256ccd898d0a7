package scope.checkpoint.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import scope.checkpoint.CheckpointException;

/**
 * A read-only memory mapping of a whole file, of any size. One mapping is limited to 2 GB, so the file is mapped
 * in windows that start every {@link #WINDOW} bytes and overlap by {@link #OVERLAP}: any range up to
 * {@code OVERLAP} bytes lies inside one window. Windows are mapped on first use and kept (a few dozen for the
 * largest checkpoints), so reads never pile up mappings; longer ranges get a mapping of their own.
 */
public final class FileMapping implements AutoCloseable {
    static final long WINDOW = 1L << 30;
    static final long OVERLAP = 256L << 20;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final MappedByteBuffer[] windows;
    private volatile boolean closed;

    private FileMapping(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.windows = new MappedByteBuffer[(int) Math.max(1, (size + WINDOW - 1) / WINDOW)];
    }

    public static FileMapping open(Path file) throws CheckpointException {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                return new FileMapping(file, channel, channel.size());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new CheckpointException(file, null, "cannot be opened: " + e, e);
        }
    }

    public Path file() {
        return file;
    }

    public long size() {
        return size;
    }

    /**
     * A read-only little-endian buffer over bytes {@code [offset, offset + length)} of the file; {@code key} names
     * the tensor for messages (or null).
     */
    public ByteBuffer slice(long offset, long length, String key) throws CheckpointException {
        if (closed) {
            throw new CheckpointException(file, key, "the checkpoint is closed");
        }
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new CheckpointException(file, key, "bytes [" + offset + ", " + (offset + length)
                    + ") lie outside the file of " + size + " bytes");
        }
        if (length > Integer.MAX_VALUE) {
            throw new CheckpointException(file, key, length + " bytes do not fit one buffer (2 GB at most)");
        }
        if (length == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
        }
        int w = (int) (offset / WINDOW);
        long windowStart = w * WINDOW;
        long windowEnd = Math.min(size, windowStart + WINDOW + OVERLAP);
        ByteBuffer buffer;
        int at;
        if (offset + length <= windowEnd) {
            buffer = window(w, windowStart, windowEnd - windowStart, key);
            at = (int) (offset - windowStart);
        } else {
            buffer = map(offset, length, key);
            at = 0;
        }
        return buffer.slice(at, (int) length).order(ByteOrder.LITTLE_ENDIAN);
    }

    private synchronized MappedByteBuffer window(int w, long start, long length, String key)
            throws CheckpointException {
        if (windows[w] == null) {
            windows[w] = map(start, length, key);
        }
        return windows[w];
    }

    private MappedByteBuffer map(long start, long length, String key) throws CheckpointException {
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, start, length);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(file, key, "cannot map bytes [" + start + ", " + (start + length) + "): " + e,
                    e);
        }
    }

    /** Closes the channel; mapped windows stay valid for buffers already handed out, new slices fail. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            // slices handed out keep their window alive; the rest can be unmapped by the collector now
            java.util.Arrays.fill(windows, null);
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written; a failed close of a read-only channel loses nothing
        }
    }
}
