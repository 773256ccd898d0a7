package scope.runtime.stream;

import com.fasterxml.jackson.databind.JsonNode;
import scope.api.Frame;
import scope.runtime.schema.ValidationException;

/**
 * One running frame chain. Thread-safe, except that {@link #nextOutput()} is meant for one consumer thread (the
 * output track).
 */
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
     * How many outputs the stream has: one per sink of a forked graph (in the graph's sink order, the order their
     * tracks are answered in), else one. Output 0 is {@link #nextOutput()}.
     */
    default int outputCount() {
        return 1;
    }

    /**
     * The next frame of output {@code output}, paced like {@link #nextOutput()}; meant for one consumer thread per
     * output.
     *
     * @return the frame, or null when the stream has stopped
     * @throws IndexOutOfBoundsException unless {@code 0 <= output < outputCount()}
     */
    default Frame nextOutput(int output) throws InterruptedException {
        if (output != 0) {
            throw new IndexOutOfBoundsException("output " + output + " of a stream with one output");
        }
        return nextOutput();
    }

    /**
     * Adds a tap that sees every frame output {@code output} delivers, as {@link #nextOutput(int)} returns it. Since
     * 1.2.
     *
     * @return removes the tap again
     * @throws IndexOutOfBoundsException unless {@code 0 <= output < outputCount()}
     */
    default Runnable tapOutput(int output, FrameTap tap) {
        throw new UnsupportedOperationException("this stream cannot be tapped");
    }

    /** Adds a tap that sees every input frame the stream accepts ({@link #pushInput}). Since 1.2. */
    default Runnable tapInput(FrameTap tap) {
        throw new UnsupportedOperationException("this stream cannot be tapped");
    }

    /**
     * Sends a message to the stream's client through its listener ({@link StreamListener#notice}), e.g. that a
     * recording stopped. Since 1.2.
     */
    default void notice(java.util.Map<String, Object> message) {
    }

    /**
     * The record nodes of the graph the stream was opened from, in the graph's node order, each with the point it
     * records; empty without a graph or record nodes. Since 1.3.
     */
    default java.util.List<RecordNode> recordNodes() {
        return java.util.List.of();
    }

    /** The sink node id of an output, or null when the stream was not opened from a graph naming one. */
    default String sinkId(int output) {
        return null;
    }

    /**
     * Applies one client message (a data-channel {@code parameters} message). Invalid messages change nothing.
     *
     * @throws ValidationException naming the bad fields
     */
    void update(JsonNode message) throws ValidationException;

    StreamStats stats();

    /**
     * The hot-swap hook: makes the stage {@code nodeId} call {@code replacement} instead of its current pipeline,
     * switching at a batch boundary (between two {@code process} calls; the next call has {@code initCache=true}).
     * The chain still never closes either pipeline. Used by the pipeline manager when a plugin bundle is updated
     * (make-before-break): it closes the old instance only after this returns true.
     *
     * @return true once the old pipeline will not be called again (switched, or the stream has stopped); false
     *         when there is no such stage or the worker did not reach a batch boundary within the timeout
     */
    default boolean replacePipeline(String nodeId, scope.api.Pipeline replacement,
            scope.runtime.schema.ConfigSchema schema, long timeoutMillis) throws InterruptedException {
        return false;
    }

    /**
     * Ends the stream because something outside it went wrong (for example a pipeline instance it uses is being
     * unloaded); the listener gets {@code streamStopped(errorMessage)} unless the stream had already stopped. Returns
     * once the workers no longer call the pipelines.
     */
    void fail(String errorMessage);

    /**
     * Stops the workers and releases the chain; the listener gets {@code streamStopped(null)} unless the stream had
     * already stopped. Returns once the workers no longer call the pipelines. The pipelines stay loaded.
     */
    @Override
    void close();
}
