package scope.runtime.registry;

import java.util.List;

/** Told when a plugin's pipelines come or go; the pipeline manager unloads instances of pipelines that went. */
public interface RegistryListener {
    void pipelinesAdded(PluginOrigin origin, List<RegisteredPipeline> pipelines);

    /** The hook went away: the bundle stopped, and may be coming back (update) or not (uninstall). */
    void pipelinesRemoved(PluginOrigin origin, List<RegisteredPipeline> pipelines);

    /** The bundle was uninstalled: it will not come back under this bundle id. */
    default void pluginUninstalled(long bundleId) {
    }
}
