package scope.api;

import org.osgi.annotation.versioning.ProviderType;

/** The {@code register} callback handed to {@link PipelinePlugin#registerPipelines}. */
@ProviderType
@FunctionalInterface
public interface PipelineRegistrar {
    /**
     * Registers one pipeline. Invalid metadata or an id that is already taken marks the whole plugin as failed with
     * that reason; the host keeps running.
     */
    void register(PipelineDescriptor descriptor);
}
