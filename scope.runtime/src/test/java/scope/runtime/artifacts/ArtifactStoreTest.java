package scope.runtime.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scope.api.Artifact;

class ArtifactStoreTest {
    @TempDir
    Path models;

    @Test
    void emptyDeclaredDirectoryDoesNotCountAsDownloaded() throws IOException {
        ArtifactStore store = new ArtifactStore(models);
        Artifact wan = Artifact.huggingFace("daydreamlive/Wan2.1-T2V-1.3B", "config.json", "google");
        Files.createDirectories(models.resolve("Wan2.1-T2V-1.3B/google"));
        Files.writeString(models.resolve("Wan2.1-T2V-1.3B/config.json"), "{}");

        assertEquals(List.of("google"), store.missingEntries(wan));
        Files.writeString(models.resolve("Wan2.1-T2V-1.3B/google/tokenizer.json"), "{}");
        assertTrue(store.isDownloaded(wan));
    }

    @Test
    void driveArtifactWithoutFilesIsStoredUnderItsId() throws IOException {
        ArtifactStore store = new ArtifactStore(models);
        Artifact drive = Artifact.googleDrive("1abc", List.of(), null);

        assertFalse(store.isDownloaded(drive));
        Files.createDirectories(models.resolve("1abc"));
        Files.writeString(models.resolve("1abc/1abc"), "x");
        assertTrue(store.isDownloaded(drive));
    }

    @Test
    void noArtifactsMeansDownloaded() {
        assertTrue(new ArtifactStore(models).isDownloaded(List.of()));
    }

    @Test
    void entriesThatEscapeTheModelsDirectoryAreRefused() {
        ArtifactStore store = new ArtifactStore(models);
        Artifact evil = Artifact.huggingFace("a/b", "../../etc/passwd");
        assertThrows(IllegalArgumentException.class, () -> store.isDownloaded(evil));
    }

    @Test
    void driveShareUrlYieldsItsFileId() {
        assertEquals("1Smy6gY7", GoogleDriveClient.fileIdOf("https://drive.google.com/file/d/1Smy6gY7/view"));
        assertEquals("1Smy6gY7", GoogleDriveClient.fileIdOf("https://drive.google.com/open?id=1Smy6gY7"));
        assertEquals("1Smy6gY7", GoogleDriveClient.fileIdOf("1Smy6gY7"));
    }
}
