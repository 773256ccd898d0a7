package scope.runtime.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scope.api.Artifact;

class DownloadManagerTest {
    private static final String REPO = "daydreamlive/LongLive-1.3B";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path models;
    FakeHub hub;
    DownloadManager manager;

    @BeforeEach
    void setUp() throws IOException {
        hub = new FakeHub();
        DownloadSettings settings = DownloadSettings.defaults().withHuggingFaceEndpoint(hub.hubUri())
                .withGoogleDriveBase(hub.driveUri()).withRetries(2, Duration.ofMillis(1));
        manager = new DownloadManager(new ArtifactDownloader(new ArtifactStore(models), settings));
    }

    @AfterEach
    void tearDown() {
        manager.close();
        hub.close();
    }

    @Test
    void progressReachesHundredAndIsClearedOnceFilesArePresent() throws Exception {
        hub.hubFile(REPO, "models/longlive_base.pt", FakeHub.randomBytes(200_000, 1));
        List<Artifact> artifacts = List.of(Artifact.huggingFace(REPO, "models/longlive_base.pt"));
        assertEquals(new ModelStatus(false, null), manager.status("longlive", artifacts));

        assertTrue(manager.start("longlive", artifacts));
        assertTrue(manager.awaitCompletion("longlive", WAIT));

        // Before anyone asks for the status, the finished progress is still tracked, at 100 %.
        assertEquals(new DownloadProgress(false, 100.0, REPO, null, DownloadProgress.DOWNLOADING),
                manager.progress("longlive").orElseThrow());
        assertEquals(new ModelStatus(true, null), manager.status("longlive", artifacts));
        assertTrue(manager.progress("longlive").isEmpty(), "progress is cleared once files are present");
    }

    @Test
    void secondStartWhileDownloadingIsRejected() throws Exception {
        FakeHub.FileSpec spec = hub.hubFile(REPO, "w.safetensors", FakeHub.randomBytes(50_000, 2));
        spec.arrived = new CountDownLatch(1);
        spec.release = new CountDownLatch(1);
        List<Artifact> artifacts = List.of(Artifact.huggingFace(REPO, "w.safetensors"));

        assertTrue(manager.start("longlive", artifacts));
        assertTrue(spec.arrived.await(30, TimeUnit.SECONDS), "download reached the server");
        assertFalse(manager.start("longlive", artifacts), "second start while one runs");
        ModelStatus during = manager.status("longlive", artifacts);
        assertFalse(during.downloaded());
        assertTrue(during.progress().isDownloading());
        assertEquals(REPO, during.progress().currentArtifact());

        spec.release.countDown();
        assertTrue(manager.awaitCompletion("longlive", WAIT));
        assertEquals(1, spec.served.get(), "only one download ran");
        assertTrue(manager.start("longlive", artifacts), "a new start is accepted once it finished");
        assertTrue(manager.awaitCompletion("longlive", WAIT));
    }

    @Test
    void downloadsOfDifferentPipelinesRunIndependently() throws Exception {
        FakeHub.FileSpec spec = hub.hubFile(REPO, "w.safetensors", FakeHub.randomBytes(1_000, 3));
        spec.arrived = new CountDownLatch(1);
        spec.release = new CountDownLatch(1);
        hub.hubFile("daydreamlive/Other", "o.bin", new byte[] {1, 2});

        assertTrue(manager.start("longlive", List.of(Artifact.huggingFace(REPO, "w.safetensors"))));
        assertTrue(spec.arrived.await(30, TimeUnit.SECONDS));
        assertTrue(manager.start("other", List.of(Artifact.huggingFace("daydreamlive/Other", "o.bin"))));
        assertTrue(manager.awaitCompletion("other", WAIT));
        assertTrue(manager.isDownloading("longlive"));
        spec.release.countDown();
        assertTrue(manager.awaitCompletion("longlive", WAIT));
    }

    @Test
    void failedDownloadReportsErrorUntilNextStart() throws Exception {
        FakeHub.FileSpec spec = hub.hubFile(REPO, "w.safetensors", FakeHub.randomBytes(10_000, 4));
        spec.announcedSha = FakeHub.sha256(new byte[] {1});
        List<Artifact> artifacts = List.of(Artifact.huggingFace(REPO, "w.safetensors"));

        assertTrue(manager.start("longlive", artifacts));
        assertTrue(manager.awaitCompletion("longlive", WAIT));

        ModelStatus failed = manager.status("longlive", artifacts);
        assertFalse(failed.downloaded());
        assertFalse(failed.progress().isDownloading());
        assertEquals(REPO, failed.progress().currentArtifact());
        assertTrue(failed.progress().error().contains("SHA-256 mismatch"), failed.progress().error());
        assertEquals(failed, manager.status("longlive", artifacts), "the error stays");

        spec.announcedSha = null;
        assertTrue(manager.start("longlive", artifacts));
        assertTrue(manager.awaitCompletion("longlive", WAIT));
        assertEquals(new ModelStatus(true, null), manager.status("longlive", artifacts));
    }

    @Test
    void unauthorizedDownloadShowsHuggingFaceTokenHint() throws Exception {
        hub.treeApi = false;
        hub.hubFile(REPO, "w.safetensors", new byte[] {1}).status = 403;
        List<Artifact> artifacts = List.of(Artifact.huggingFace(REPO, "w.safetensors"));

        assertTrue(manager.start("longlive", artifacts));
        assertTrue(manager.awaitCompletion("longlive", WAIT));

        assertEquals(DownloadManager.AUTH_HINT, manager.status("longlive", artifacts).progress().error());
    }

    @Test
    void pipelineWithoutArtifactsIsDownloaded() {
        assertEquals(new ModelStatus(true, null), manager.status("passthrough", List.of()));
    }

    @Test
    void emptyPipelineIdIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> manager.start(" ", List.of()));
    }

    @Test
    void statusSerialisesToTheModelsStatusShape() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\"downloaded\":true,\"progress\":null}", json.writeValueAsString(new ModelStatus(true, null)));
        assertEquals("{\"downloaded\":false,\"progress\":{\"is_downloading\":true,\"percentage\":42.3,"
                + "\"current_artifact\":\"daydreamlive/LongLive-1.3B\"}}",
                json.writeValueAsString(new ModelStatus(false, new DownloadProgress(true, 42.3, REPO, null))));
        assertEquals("{\"is_downloading\":false,\"percentage\":0.0,\"current_artifact\":null,\"error\":\"x\"}",
                json.writeValueAsString(new DownloadProgress(false, 0, null, "x")));
    }

    @Test
    void aPreparationRunsAfterTheDownloadAsTheConvertingPhaseAndDecidesDownloaded() throws Exception {
        hub.hubFile(REPO, "models/longlive_base.pt", FakeHub.randomBytes(20_000, 5));
        List<Artifact> artifacts = List.of(Artifact.huggingFace(REPO, "models/longlive_base.pt"));
        java.util.concurrent.atomic.AtomicBoolean prepared = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch converting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        scope.api.ModelPreparation preparation = new scope.api.ModelPreparation() {
            @Override
            public boolean isReady(java.nio.file.Path models, double vramGb) {
                return prepared.get();
            }

            @Override
            public void prepare(java.nio.file.Path models, double vramGb, Listener listener) throws Exception {
                assertTrue(java.nio.file.Files.isRegularFile(models.resolve("LongLive-1.3B/models/longlive_base.pt")),
                        "runs after the files are there");
                listener.progress("dit.onnx", 25, 100);
                converting.countDown();
                release.await();
                listener.progress("dit.onnx", 100, 100);
                prepared.set(true);
            }
        };
        assertTrue(manager.start("longlive", artifacts, preparation, 0));
        assertTrue(converting.await(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(new ModelStatus(false, new DownloadProgress(true, 25.0, "dit.onnx", null,
                DownloadProgress.CONVERTING)), manager.status("longlive", () -> prepared.get()));
        release.countDown();
        assertTrue(manager.awaitCompletion("longlive", WAIT));
        assertEquals(new ModelStatus(true, null), manager.status("longlive", () -> prepared.get()));
    }

    @Test
    void aFailedPreparationIsTheDownloadsErrorAndNotDownloaded() throws Exception {
        hub.hubFile(REPO, "models/lora.pt", FakeHub.randomBytes(1_000, 6));
        List<Artifact> artifacts = List.of(Artifact.huggingFace(REPO, "models/lora.pt"));
        scope.api.ModelPreparation failing = new scope.api.ModelPreparation() {
            @Override
            public boolean isReady(java.nio.file.Path models, double vramGb) {
                return false;
            }

            @Override
            public void prepare(java.nio.file.Path models, double vramGb, Listener listener) {
                throw new IllegalArgumentException("lora.pt: 'x.lora_B.weight': missing");
            }
        };
        assertTrue(manager.start("longlive", artifacts, failing, 0));
        assertTrue(manager.awaitCompletion("longlive", WAIT));
        ModelStatus s = manager.status("longlive", () -> false);
        assertEquals(false, s.downloaded());
        assertEquals("Conversion failed: lora.pt: 'x.lora_B.weight': missing", s.progress().error());
        assertEquals(DownloadProgress.CONVERTING, s.progress().phase());
    }
}
