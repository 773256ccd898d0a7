package scope.runtime.registry;

import scope.api.PipelineDescriptor;
import scope.runtime.schema.ConfigSchema;

/** A pipeline the registry accepted: its descriptor, its schema, and the plugin bundle it belongs to. */
public record RegisteredPipeline(PipelineDescriptor descriptor, ConfigSchema schema, PluginOrigin origin) {
    public String id() {
        return descriptor.id();
    }
}
