package scope.runtime.stream;

import java.util.Objects;
import scope.api.Pipeline;
import scope.runtime.schema.ConfigSchema;

/**
 * One pipeline node of a chain, as the pipeline manager hands it over: the loaded instance (owned by the manager,
 * never closed by the chain) and the schema its runtime parameters are validated with.
 *
 * @param nodeId     the graph node id; data-channel updates with {@code node_id} are routed by it
 * @param pipelineId the registry id of the pipeline, for messages and logs
 * @param pipeline   the loaded instance
 * @param schema     the pipeline's configuration schema
 * @param role       where the stage sits; the chain runs stages in the order PRE, MAIN, POST
 */
public record ChainStage(String nodeId, String pipelineId, Pipeline pipeline, ConfigSchema schema, Role role) {
    /** Where a stage sits in the chain. */
    public enum Role {
        PRE, MAIN, POST
    }

    public ChainStage {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(pipelineId, "pipelineId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(role, "role");
    }
}
