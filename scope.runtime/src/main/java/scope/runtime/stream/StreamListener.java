package scope.runtime.stream;

import java.util.Map;

/** Events of a stream, delivered to the transport (WebRTC sends them on the data channel). */
public interface StreamListener {
    /** Values a pipeline produced for the client ({@code {"type":"parameters_updated","parameters":...}}). */
    void parametersUpdated(Map<String, Object> parameters);

    /**
     * A message for the client from a service beside the chain (the recorder: {@code recording_started},
     * {@code recording_stopped}), sent as it is on the data channel. Since 1.2.
     */
    default void notice(Map<String, Object> message) {
    }

    /**
     * The stream has ended ({@code {"type":"stream_stopped"}}); {@code errorMessage} is null for a normal stop and
     * says what went wrong otherwise. Called exactly once.
     */
    void streamStopped(String errorMessage);
}
