/**
 * Model artifacts: where a pipeline's declared files live under the models directory, resumable and verified
 * downloads from Hugging Face and Google Drive, and per-pipeline background downloads with the progress shape
 * of {@code GET /api/v1/models/status}.
 */
@Export
@Version("1.1.0")
package scope.runtime.artifacts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
