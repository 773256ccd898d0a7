package scope.api;

import java.util.List;
import java.util.Objects;

/** A set of model files a pipeline needs, and where they come from. */
public final class Artifact {
    public enum Source { HUGGING_FACE, GOOGLE_DRIVE }

    private final Source source;
    private final String id;
    private final List<String> files;
    private final String name;

    private Artifact(Source source, String id, List<String> files, String name) {
        this.source = source;
        this.id = Objects.requireNonNull(id, "id");
        this.files = List.copyOf(files);
        this.name = name;
    }

    /** Files of a Hugging Face repository ({@code owner/name}); stored under {@code models/<name>}. */
    public static Artifact huggingFace(String repoId, String... files) {
        if (!repoId.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("Hugging Face repo id must be owner/name: " + repoId);
        }
        return new Artifact(Source.HUGGING_FACE, repoId, List.of(files), null);
    }

    /** A Google Drive file; {@code name} is the directory under {@code models/} (defaults to the file id). */
    public static Artifact googleDrive(String fileId, List<String> files, String name) {
        return new Artifact(Source.GOOGLE_DRIVE, fileId, files, name);
    }

    public Source source() {
        return source;
    }

    /** The Hugging Face repo id or the Google Drive file id. */
    public String id() {
        return id;
    }

    public List<String> files() {
        return files;
    }

    /** The key progress is reported under: the repo id, or {@code "Google Drive (<id>)"}. */
    public String key() {
        return source == Source.HUGGING_FACE ? id : "Google Drive (" + id + ")";
    }

    /** The directory under the models directory that holds the files. */
    public String directoryName() {
        if (source == Source.HUGGING_FACE) {
            return id.substring(id.indexOf('/') + 1);
        }
        return name != null ? name : id;
    }

    /** Files of these artifacts that are missing under a models directory, as paths relative to it. */
    public static List<String> missingFiles(java.nio.file.Path modelsDirectory, List<Artifact> artifacts) {
        List<String> missing = new java.util.ArrayList<>();
        for (Artifact a : artifacts) {
            for (String f : a.files()) {
                java.nio.file.Path p = modelsDirectory.resolve(a.directoryName()).resolve(f);
                if (!java.nio.file.Files.exists(p)) {
                    missing.add(a.directoryName() + "/" + f);
                }
            }
        }
        return missing;
    }

    @Override
    public String toString() {
        return key() + files;
    }
}
