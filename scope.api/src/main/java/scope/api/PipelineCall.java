package scope.api;

import java.util.List;

/** The input of one {@link Pipeline#process} call (Scope's {@code __call__(**kwargs)}). */
public final class PipelineCall {
    private final Parameters parameters;
    private final List<Frame> video;
    private final boolean initCache;

    public PipelineCall(Parameters parameters, List<Frame> video, boolean initCache) {
        this.parameters = parameters;
        this.video = List.copyOf(video);
        this.initCache = initCache;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** The input frames: exactly {@link Requirements#inputSize()} of them, or none in text mode. */
    public List<Frame> video() {
        return video;
    }

    /** True on the first call of a stream and after {@code reset_cache}: start from a clean state. */
    public boolean initCache() {
        return initCache;
    }
}
