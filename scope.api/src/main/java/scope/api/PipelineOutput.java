package scope.api;

import java.util.List;
import java.util.Map;

/** The result of one {@link Pipeline#process} call: a batch of frames, and values to pass downstream. */
public final class PipelineOutput {
    private static final PipelineOutput EMPTY = new PipelineOutput(List.of(), Map.of());

    private final List<Frame> video;
    private final Map<String, Object> parameters;

    private PipelineOutput(List<Frame> video, Map<String, Object> parameters) {
        this.video = List.copyOf(video);
        this.parameters = Map.copyOf(parameters);
    }

    public static PipelineOutput of(List<Frame> video) {
        return new PipelineOutput(video, Map.of());
    }

    /** Frames plus parameter values forwarded to downstream pipelines (and reported as {@code parameters_updated}). */
    public static PipelineOutput of(List<Frame> video, Map<String, Object> parameters) {
        return new PipelineOutput(video, parameters);
    }

    /** Nothing this time (the caller retries shortly). */
    public static PipelineOutput empty() {
        return EMPTY;
    }

    public List<Frame> video() {
        return video;
    }

    public Map<String, Object> parameters() {
        return parameters;
    }

    public boolean isEmpty() {
        return video.isEmpty() && parameters.isEmpty();
    }
}
