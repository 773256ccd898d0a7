package scope.record.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free-space rule: a recording stops while there is still room to finalise its file (the MP4 index is written
 * at the end), instead of running into a full disk.
 */
@FunctionalInterface
interface DiskSpace {
    /** @throws IOException when the disk holding {@code dir} has too little space left */
    void check(Path dir) throws IOException;

    /** At least {@code minFreeBytes} must stay free. */
    static DiskSpace atLeast(long minFreeBytes) {
        return dir -> {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < minFreeBytes) {
                throw new IOException("the disk holding " + dir + " is full (" + free / (1024 * 1024)
                        + " MB free, recording needs " + minFreeBytes / (1024 * 1024) + " MB)");
            }
        };
    }
}
