package scope.runtime.stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A whiteboard service told of every stream the {@link StreamService} opens, e.g. the recorder, which starts
 * recording a stream opened with {@code recording: true}. Since 1.2.
 */
public interface StreamObserver {
    /**
     * A stream has started. Called on the opening thread before {@code open} returns; must not block.
     *
     * @param initialParameters the offer's {@code initialParameters} as given (may be null)
     */
    void streamOpened(Stream stream, JsonNode initialParameters);
}
