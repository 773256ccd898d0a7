package scope.runtime.stream;

import com.fasterxml.jackson.databind.JsonNode;
import scope.api.Frame;
import scope.runtime.schema.ValidationException;

/** One running frame chain. Thread-safe. */
public interface Stream extends AutoCloseable {
    String id();

    /** Feeds one decoded input frame; never blocks (a full source queue drops the frame). */
    void pushInput(Frame frame);

    /**
     * The next output frame, paced at the chain's delivery rate (media timestamps for passed-through input,
     * the batch FPS estimate for generated frames). While paused it repeats the last frame at the same cadence.
     *
     * @return the frame, or null when the stream has stopped
     */
    Frame nextOutput() throws InterruptedException;

    /**
     * Applies one client message (a data-channel {@code parameters} message). Invalid messages change nothing.
     *
     * @throws ValidationException naming the bad fields
     */
    void update(JsonNode message) throws ValidationException;

    StreamStats stats();

    /** Stops the workers and releases the chain; the listener gets {@code streamStopped(null)}. */
    @Override
    void close();
}
