package scope.runtime.manager;

/** Told when the manager takes a loaded instance away, so streams using it can stop with a message. */
public interface InstanceListener {
    void instanceRemoved(LoadedPipeline instance, String reason);

    /**
     * The instance's plugin was updated and {@code replacement} (new code, same load params) is loaded: switch to it.
     * The manager closes {@code old} when this returns, so a listener that cannot switch must stop its users of
     * {@code old} before returning.
     */
    default void instanceReplaced(LoadedPipeline old, LoadedPipeline replacement) {
        instanceRemoved(old, "pipeline '" + old.pipelineId() + "' was replaced by a new revision of its plugin");
    }
}
