package scope.runtime.manager;

import java.util.Map;
import scope.api.Pipeline;
import scope.runtime.registry.RegisteredPipeline;

/** A loaded instance handed to a stream: the stream calls it but never closes it (the manager owns it). */
public record LoadedPipeline(String nodeId, String instanceId, RegisteredPipeline registered, Pipeline pipeline,
        Map<String, Object> loadParams) {
    public String pipelineId() {
        return registered.id();
    }
}
