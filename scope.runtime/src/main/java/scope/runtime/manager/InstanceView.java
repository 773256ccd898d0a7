package scope.runtime.manager;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of one instance slot, as the status API reports it.
 *
 * @param loadParams canonical effective load parameters (what reuse compares)
 * @param instanceId unique per load: the same id means the same loaded instance
 * @param loadedAt   when the load finished, or null
 * @param bundleId   the bundle whose pipeline this is
 */
public record InstanceView(String nodeId, String pipelineId, InstanceStatus status, Map<String, Object> loadParams,
        String instanceId, Instant loadedAt, String error, String stage, long bundleId) {
}
