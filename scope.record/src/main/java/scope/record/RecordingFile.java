package scope.record;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One finished recording in the recordings folder.
 *
 * @param name      the file name ({@code recording-<session>-<yyyyMMdd_HHmmss>[-input].mp4})
 * @param sessionId the session it recorded
 * @param track     {@code output} or {@code input}
 * @param bytes     its size
 * @param modified  when it was finalised
 * @param path      where it is
 */
public record RecordingFile(String name, String sessionId, String track, long bytes, Instant modified, Path path) {
}
