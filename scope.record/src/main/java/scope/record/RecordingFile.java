package scope.record;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One finished recording in the recordings folder.
 *
 * @param name      the file name ({@code recording-<session>-<yyyyMMdd_HHmmss>[-input].mp4})
 * @param sessionId the session it recorded
 * @param track     {@code output} or {@code input}: the end of the stream it recorded
 * @param bytes     its size
 * @param modified  when it was finalised
 * @param path      where it is
 * @param nodeId    the graph record node it was recorded for, or null for a session recording (since 1.1)
 */
public record RecordingFile(String name, String sessionId, String track, long bytes, Instant modified, Path path,
        String nodeId) {
    /** A session recording (no record node), as in 1.0. */
    public RecordingFile(String name, String sessionId, String track, long bytes, Instant modified, Path path) {
        this(name, sessionId, track, bytes, modified, path, null);
    }
}
