package scope.record;

/**
 * One recording, running or ended.
 *
 * @param sessionId       the session
 * @param track           {@code output} or {@code input}
 * @param state           {@code recording}, {@code stopped} or {@code failed}
 * @param frames          frames written to the file
 * @param dropped         frames the encoder could not keep up with (left out of the file)
 * @param durationSeconds the span of the frames written
 * @param file            the file name (finished or, while recording, the one it will get); null when a failed
 *                        recording's file was removed
 * @param error           why it failed, else null
 * @param nodeId          the graph record node it records, or null for a session recording (since 1.1)
 */
public record RecordingStatus(String sessionId, String track, String state, long frames, long dropped,
        double durationSeconds, String file, String error, String nodeId) {
    /** A session recording (no record node), as in 1.0. */
    public RecordingStatus(String sessionId, String track, String state, long frames, long dropped,
            double durationSeconds, String file, String error) {
        this(sessionId, track, state, frames, dropped, durationSeconds, file, error, null);
    }
}
