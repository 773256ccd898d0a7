package scope.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint that cannot be read as asked. The message always names the file and, where one is concerned, the
 * tensor key (or the pickle global that was refused).
 */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String key;

    public CheckpointException(Path file, String message) {
        this(file, null, message, null);
    }

    public CheckpointException(Path file, String key, String message) {
        this(file, key, message, null);
    }

    public CheckpointException(Path file, String key, String message, Throwable cause) {
        super(describe(file, key, message), cause);
        this.file = file;
        this.key = key;
    }

    /** The checkpoint file concerned. */
    public Path file() {
        return file;
    }

    /** The tensor key concerned, or null when the problem is the file as a whole. */
    public String key() {
        return key;
    }

    private static String describe(Path file, String key, String message) {
        String where = String.valueOf(file);
        return key == null ? where + ": " + message : where + ": tensor '" + key + "': " + message;
    }
}
