package scope.runtime.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import scope.api.Artifact;

/**
 * Where artifacts live under the models directory and whether they are there. An artifact's files go to
 * {@code <models>/<directoryName>/<file>}; a Google Drive artifact without declared files is stored as
 * {@code <models>/<directoryName>/<file id>}. A declared entry counts as present when it is a file, or a
 * non-empty directory (Hugging Face entries may name directories, e.g. a tokenizer folder). Presence is all that is
 * checked here; sizes and hashes are verified when a file is downloaded.
 */
public final class ArtifactStore {
    private final Path modelsDirectory;

    public ArtifactStore(Path modelsDirectory) {
        this.modelsDirectory = Objects.requireNonNull(modelsDirectory, "modelsDirectory").toAbsolutePath().normalize();
    }

    public Path modelsDirectory() {
        return modelsDirectory;
    }

    /** The directory that holds an artifact's files. */
    public Path directoryOf(Artifact artifact) {
        return resolveInside(modelsDirectory, artifact.directoryName());
    }

    /** The declared entries of an artifact, relative to its directory. */
    public List<String> declaredEntries(Artifact artifact) {
        if (artifact.source() == Artifact.Source.GOOGLE_DRIVE && artifact.files().isEmpty()) {
            return List.of(GoogleDriveClient.fileIdOf(artifact.id()));
        }
        return artifact.files();
    }

    /** The local path of one declared entry (or of a file inside a declared directory). */
    public Path pathOf(Artifact artifact, String entry) {
        return resolveInside(directoryOf(artifact), entry);
    }

    /** The declared entries that are not present yet. */
    public List<String> missingEntries(Artifact artifact) {
        List<String> missing = new ArrayList<>();
        for (String entry : declaredEntries(artifact)) {
            if (!isPresent(pathOf(artifact, entry))) {
                missing.add(entry);
            }
        }
        return missing;
    }

    public boolean isDownloaded(Artifact artifact) {
        return missingEntries(artifact).isEmpty();
    }

    /** True when every declared entry of every artifact is present; an empty list is always downloaded. */
    public boolean isDownloaded(List<Artifact> artifacts) {
        return artifacts.stream().allMatch(this::isDownloaded);
    }

    static boolean isPresent(Path path) {
        if (Files.isRegularFile(path)) {
            return true;
        }
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> children = Files.list(path)) {
            return children.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resolves a relative path from a remote listing or a declaration, refusing anything that escapes base. */
    static Path resolveInside(Path base, String relative) {
        if (relative == null || relative.isBlank()) {
            throw new IllegalArgumentException("empty path");
        }
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new IllegalArgumentException("path escapes " + base + ": " + relative);
        }
        return resolved;
    }
}
