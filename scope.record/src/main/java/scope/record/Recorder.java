package scope.record;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Records live sessions to MP4 files in the recordings folder. A recording follows one end of a session's stream:
 * its output as delivered (always) and, when asked, its input as it arrives, each into a file of its own. Frames
 * are timed by when they went by, so a pause is recorded as the frozen frame the viewer saw. A recording ends on
 * {@link #stop}, when the session ends, or on a failure (full disk, encoder error): the client is told on the data
 * channel ({@code recording_stopped} with {@code error_message}) and the file is either finalised playable or
 * removed. Thread-safe.
 */
@ProviderType
public interface Recorder {
    /** What {@link #start} did. */
    enum Started { STARTED, ALREADY_RECORDING }

    /**
     * Starts recording a live session's output (and its input when {@code withInput}); a session with graph record
     * nodes is meant to be recorded through them ({@link #startNode}).
     *
     * @throws NoSuchElementException no live session with this id
     * @throws IllegalStateException  recording cannot start (the folder is not writable, the disk is full, the
     *                                encoder is missing); the message says why
     */
    Started start(String sessionId, boolean withInput);

    /**
     * Stops a session's recording (not its record nodes') and finalises its files.
     *
     * @return true when a recording was stopped, false when the session is not recording
     * @throws NoSuchElementException the session is neither live nor has it been recorded
     */
    boolean stop(String sessionId);

    /**
     * The file to download for a session (its output): while recording, the recording so far is finalised and
     * recording goes on in a new file (as Scope does); else the session's latest finished recording.
     *
     * @throws NoSuchElementException the session is neither live nor has it been recorded
     */
    Optional<RecordingFile> download(String sessionId);

    /**
     * The record nodes of a session's graph, in the graph's node order: of the live session, else of the session as
     * it was opened (remembered for a while after it ended); empty when its graph has none. A session with record
     * nodes is recorded through them ({@link #startNode}), as in Scope. Since 1.1.
     */
    List<String> recordNodes(String sessionId);

    /**
     * Starts recording what a record node of a live session's graph records (a branch's output, or the input) into
     * a file of its own. Since 1.1.
     *
     * @throws NoSuchElementException   no live session with this id
     * @throws IllegalArgumentException the session's graph has no record node of this id
     * @throws IllegalStateException    recording cannot start; the message says why
     */
    Started startNode(String sessionId, String nodeId);

    /**
     * Stops a record node's recording and finalises its file. Since 1.1.
     *
     * @return true when a recording was stopped, false when the node is not recording
     * @throws NoSuchElementException the session is neither live nor has it been recorded
     */
    boolean stopNode(String sessionId, String nodeId);

    /**
     * A record node's file to download: while recording, the recording is finalised and ends (as Scope does for a
     * record node: no new file follows); else the node's latest finished recording. Since 1.1.
     *
     * @throws NoSuchElementException the session is neither live nor has it been recorded
     */
    Optional<RecordingFile> downloadNode(String sessionId, String nodeId);

    /** Whether a session is live or has recordings (what {@link #stop} and {@link #download} accept). */
    boolean knows(String sessionId);

    /** The finished recordings in the folder, newest first. */
    List<RecordingFile> files();

    /** A finished recording by file name; empty for any name that is not one of {@link #files()}. */
    Optional<RecordingFile> file(String name);

    /** The recordings running now and the recent ones that ended, per session and track. */
    List<RecordingStatus> status();
}
