package scope.runtime.manager;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The aggregated status (spec 3.4): {@code loading} if any slot loads, else {@code error} if any failed, else
 * {@code loaded} if there is at least one instance and all are loaded, else {@code not_loaded}.
 *
 * @param pipelineId the first slot's node id (Scope reports the first instance key)
 * @param loadParams the raw load params of the first entry of the latest request
 */
public record ManagerStatus(InstanceStatus status, String pipelineId, JsonNode loadParams, String error,
        String loadingStage, boolean producesVideo, boolean producesAudio, List<InstanceView> instances) {
}
