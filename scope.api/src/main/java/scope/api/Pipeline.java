package scope.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A loaded pipeline instance: it holds the model state and turns input frames (or nothing, in text mode) into
 * output frames.
 *
 * <p>Lifecycle, owned by the host: the {@link PipelineFactory} loads the instance; the frame chain then calls
 * {@link #prepare} and {@link #process} from a single worker thread, as often as the stream runs; {@link #close}
 * frees memory and is called exactly once, after the last call. An instance may serve several streams one after
 * another; {@link PipelineCall#initCache()} marks the start of each.
 */
@ConsumerType
public interface Pipeline extends AutoCloseable {

    /**
     * Says what the next call needs. Return {@code Requirements.inputSize(n)} to receive exactly {@code n} input
     * frames, or {@code null} when no input is needed (text mode, generators).
     */
    Requirements prepare(Parameters parameters);

    /**
     * Processes one batch. Throwing fails this batch only; the stream goes on unless the error is fatal
     * ({@link OutOfMemoryError}).
     */
    PipelineOutput process(PipelineCall call) throws Exception;

    /** Frees the instance's memory and native resources. */
    @Override
    void close();
}
