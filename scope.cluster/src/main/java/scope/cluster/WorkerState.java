package scope.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a worker publishes in its ephemeral znode ({@code /workers/<id>}), as JSON: who it is, where gateways reach
 * it, its GPU, its loaded instances and its sessions. Written by the worker only; read by every gateway.
 *
 * @param id          the worker's id
 * @param url         the worker's base URL (HTTP API and signalling)
 * @param vramGb      the VRAM its pipelines are filtered by (0: no GPU)
 * @param gpuSource   where that figure came from (nvidia-smi, environment, configuration)
 * @param gpuIndex    the CUDA device this worker uses, or null when not set
 * @param maxSessions sessions it takes at most; a gateway places no more there
 * @param sessionIds  its live WebRTC sessions
 * @param instances   its pipeline instances (loading, loaded or failed)
 * @param startedAt   when the worker joined (epoch milliseconds)
 * @param freeVramGb  VRAM left after its instances' estimates ({@link FreeVram}); null from a worker that does not
 *                    publish it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkerState(
        @JsonProperty("id") String id,
        @JsonProperty("url") String url,
        @JsonProperty("vram_gb") double vramGb,
        @JsonProperty("gpu_source") String gpuSource,
        @JsonProperty("gpu_index") Integer gpuIndex,
        @JsonProperty("max_sessions") int maxSessions,
        @JsonProperty("session_ids") List<String> sessionIds,
        @JsonProperty("instances") List<Instance> instances,
        @JsonProperty("started_at") long startedAt,
        @JsonProperty("free_vram_gb") Double freeVramGb) {

    public WorkerState {
        sessionIds = sessionIds == null ? List.of() : List.copyOf(sessionIds);
        instances = instances == null ? List.of() : List.copyOf(instances);
    }

    /**
     * One instance slot of the worker's pipeline manager.
     *
     * @param loadParams canonical effective load parameters (what reuse compares)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Instance(
            @JsonProperty("node_id") String nodeId,
            @JsonProperty("pipeline_id") String pipelineId,
            @JsonProperty("instance_id") String instanceId,
            @JsonProperty("status") String status,
            @JsonProperty("load_params") JsonNode loadParams,
            @JsonProperty("error") String error) {

        boolean usable() {
            return "loaded".equals(status) || "loading".equals(status);
        }
    }

    /** A worker's state without a free VRAM figure. */
    public WorkerState(String id, String url, double vramGb, String gpuSource, Integer gpuIndex, int maxSessions,
            List<String> sessionIds, List<Instance> instances, long startedAt) {
        this(id, url, vramGb, gpuSource, gpuIndex, maxSessions, sessionIds, instances, startedAt, null);
    }

    public int sessions() {
        return sessionIds.size();
    }

    public WorkerState withSessionIds(List<String> ids) {
        return new WorkerState(id, url, vramGb, gpuSource, gpuIndex, maxSessions, ids, instances, startedAt,
                freeVramGb);
    }
}
