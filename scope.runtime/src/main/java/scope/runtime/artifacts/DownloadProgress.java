package scope.runtime.artifacts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code progress} object of {@code GET /api/v1/models/status}: whether a download runs, the percentage of the
 * current artifact only (0-100, rounded to 0.1), that artifact's key, and an error after a failure. {@code phase}
 * is ours ({@value #DOWNLOADING}, or {@value #CONVERTING} while a pipeline's {@link scope.api.ModelPreparation}
 * runs after the download, when {@code current_artifact} names the step); Scope's clients ignore it.
 */
@JsonPropertyOrder({"is_downloading", "percentage", "current_artifact", "error", "phase"})
public record DownloadProgress(
        @JsonProperty("is_downloading") boolean isDownloading,
        @JsonProperty("percentage") double percentage,
        @JsonProperty("current_artifact") String currentArtifact,
        @JsonProperty("error") @JsonInclude(JsonInclude.Include.NON_NULL) String error,
        @JsonProperty("phase") @JsonInclude(JsonInclude.Include.NON_NULL) String phase) {
    public static final String DOWNLOADING = "downloading";
    public static final String CONVERTING = "converting";

    /** Progress without a phase (Scope's shape). */
    public DownloadProgress(boolean isDownloading, double percentage, String currentArtifact, String error) {
        this(isDownloading, percentage, currentArtifact, error, null);
    }
}
