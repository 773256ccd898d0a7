package scope.runtime.manager;

import com.fasterxml.jackson.databind.JsonNode;

/** One entry of a load request: the node id the instance is kept under, the pipeline, and its raw load params. */
public record LoadEntry(String nodeId, String pipelineId, JsonNode loadParams) {
}
