package scope.runtime.artifacts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The body of {@code GET /api/v1/models/status}: {@code {"downloaded":bool,"progress":obj|null}}. */
@JsonPropertyOrder({"downloaded", "progress"})
public record ModelStatus(
        @JsonProperty("downloaded") boolean downloaded,
        @JsonProperty("progress") DownloadProgress progress) {
}
