package scope.runtime.artifacts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code progress} object of {@code GET /api/v1/models/status}: whether a download runs, the percentage of the
 * current artifact only (0-100, rounded to 0.1), that artifact's key, and an error after a failure.
 */
@JsonPropertyOrder({"is_downloading", "percentage", "current_artifact", "error"})
public record DownloadProgress(
        @JsonProperty("is_downloading") boolean isDownloading,
        @JsonProperty("percentage") double percentage,
        @JsonProperty("current_artifact") String currentArtifact,
        @JsonProperty("error") @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
}
