package scope.runtime.manager;

/** Told when the manager takes a loaded instance away, so streams using it can stop with a message. */
public interface InstanceListener {
    void instanceRemoved(LoadedPipeline instance, String reason);
}
