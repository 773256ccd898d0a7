package scope.runtime.registry;

import java.util.List;

/** Told when a plugin's pipelines come or go; the pipeline manager unloads instances of pipelines that went. */
public interface RegistryListener {
    void pipelinesAdded(PluginOrigin origin, List<RegisteredPipeline> pipelines);

    void pipelinesRemoved(PluginOrigin origin, List<RegisteredPipeline> pipelines);
}
