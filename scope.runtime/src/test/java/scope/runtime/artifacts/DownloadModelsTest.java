package scope.runtime.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scope.api.Artifact;

class DownloadModelsTest {
    @TempDir
    Path models;

    @Test
    void commandLineDownloadsHuggingFaceFilesAndSendsEnvToken() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            byte[] weights = FakeHub.randomBytes(40_000, 1);
            hub.hubFile("daydreamlive/LongLive-1.3B", "models/lora.pt", weights);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int rc = DownloadModels.run(new String[] {"--models", models.toString(), "--hf-endpoint",
                hub.hubUri().toString(), "--hf", "daydreamlive/LongLive-1.3B", "models/lora.pt"},
                    Map.of("HF_TOKEN", "hf_cli"), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

            assertEquals(0, rc, out.toString(StandardCharsets.UTF_8));
            assertArrayEquals(weights, Files.readAllBytes(models.resolve("LongLive-1.3B/models/lora.pt")));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("100%"));
            assertTrue(hub.requests.stream().allMatch(r -> "Bearer hf_cli".equals(r.authorization())));
        }
    }

    @Test
    void failedDownloadExitsWithOne() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            hub.treeApi = false;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = DownloadModels.run(new String[] {"--models", models.toString(), "--hf-endpoint",
                hub.hubUri().toString(), "--hf", "a/b", "missing.bin"}, Map.of(),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, rc);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing.bin"), err.toString());
        }
    }

    @Test
    void parsesSeveralArtifactSpecs() {
        DownloadModels.Options o = DownloadModels.parse(new String[] {"--hf", "a/b", "x.pt", "dir",
            "--drive", "1Smy", "--name", "RIFE", "flownet.pkl", "--drive", "2xyz"}, Map.of("SCOPE_HOME", "/srv/s"));

        assertEquals(Path.of("/srv/s/models"), o.models());
        assertEquals(3, o.artifacts().size());
        assertEquals(List.of("x.pt", "dir"), o.artifacts().get(0).files());
        assertEquals("RIFE", o.artifacts().get(1).directoryName());
        assertEquals(List.of("flownet.pkl"), o.artifacts().get(1).files());
        assertEquals(Artifact.Source.GOOGLE_DRIVE, o.artifacts().get(2).source());
        assertEquals("2xyz", o.artifacts().get(2).directoryName());
    }

    @Test
    void badArgumentsExitWithTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, DownloadModels.run(new String[] {"--hf", "a/b"}, Map.of(), sink,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage"));
        assertEquals(2, DownloadModels.run(new String[] {}, Map.of(), sink, sink));
    }
}
