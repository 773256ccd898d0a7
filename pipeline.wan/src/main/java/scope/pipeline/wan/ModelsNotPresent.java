package scope.pipeline.wan;

import java.nio.file.Path;
import java.util.List;
import scope.api.Artifact;

/** The load error of a pipeline whose model files are not in the models directory. */
public final class ModelsNotPresent extends Exception {
    private static final long serialVersionUID = 1L;

    private ModelsNotPresent(String message) {
        super(message);
    }

    /** Throws when any file of the artifacts is missing, naming the files and where they were looked for. */
    public static void check(String pipelineId, Path modelsDirectory, List<Artifact> artifacts)
            throws ModelsNotPresent {
        List<String> missing = Artifact.missingFiles(modelsDirectory, artifacts);
        if (!missing.isEmpty()) {
            throw new ModelsNotPresent("Models for '" + pipelineId + "' are not present in " + modelsDirectory
                    + ": missing " + String.join(", ", missing) + ". Download them first (POST /api/v1/models/download).");
        }
    }
}
