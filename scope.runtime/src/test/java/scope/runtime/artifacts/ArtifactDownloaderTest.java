package scope.runtime.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import scope.api.Artifact;

class ArtifactDownloaderTest {
    private static final String REPO = "daydreamlive/Wan2.1-T2V-1.3B";

    @TempDir
    Path models;
    FakeHub hub;
    ArtifactStore store;

    @BeforeEach
    void setUp() throws IOException {
        hub = new FakeHub();
        store = new ArtifactStore(models);
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private ArtifactDownloader downloader(String token) {
        DownloadSettings settings = DownloadSettings.defaults().withHuggingFaceEndpoint(hub.hubUri())
                .withGoogleDriveBase(hub.driveUri()).withHuggingFaceToken(token)
                .withRetries(3, Duration.ofMillis(1));
        return new ArtifactDownloader(store, settings);
    }

    private Path repoFile(String path) {
        return models.resolve("Wan2.1-T2V-1.3B").resolve(path);
    }

    @Test
    void downloadsHuggingFaceFilesIntoRepoDirectory() throws IOException {
        byte[] config = "{\"dim\":1536}".getBytes(StandardCharsets.UTF_8);
        byte[] weights = FakeHub.randomBytes(300_000, 1);
        hub.hubFile(REPO, "config.json", config).lfs = false;
        hub.hubFile(REPO, "Wan2.1_VAE.pth", weights);
        Artifact artifact = Artifact.huggingFace(REPO, "config.json", "Wan2.1_VAE.pth");
        assertFalse(store.isDownloaded(List.of(artifact)));

        downloader(null).download(List.of(artifact), DownloadListener.NONE);

        assertArrayEquals(config, Files.readAllBytes(repoFile("config.json")));
        assertArrayEquals(weights, Files.readAllBytes(repoFile("Wan2.1_VAE.pth")));
        assertFalse(Files.exists(repoFile("Wan2.1_VAE.pth.incomplete")));
        assertTrue(store.isDownloaded(List.of(artifact)));
    }

    @Test
    void skipsArtifactsThatArePresent() throws IOException {
        hub.hubFile(REPO, "config.json", new byte[] {1, 2, 3});
        Files.createDirectories(repoFile("config.json").getParent());
        Files.write(repoFile("config.json"), new byte[] {9});

        downloader(null).download(List.of(Artifact.huggingFace(REPO, "config.json")), DownloadListener.NONE);

        assertTrue(hub.requests.isEmpty(), "no request for a present artifact: " + hub.requests);
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(repoFile("config.json")));
    }

    @Test
    void expandsDirectoryEntryThroughTreeListing() throws IOException {
        byte[] tokenizer = FakeHub.randomBytes(5_000, 2);
        byte[] special = "{\"pad\":0}".getBytes(StandardCharsets.UTF_8);
        hub.hubFile(REPO, "config.json", new byte[] {1});
        hub.hubFile(REPO, "google/umt5-xxl/tokenizer.json", tokenizer);
        hub.hubFile(REPO, "google/umt5-xxl/special_tokens_map.json", special).lfs = false;

        downloader(null).download(List.of(Artifact.huggingFace(REPO, "config.json", "google")),
                DownloadListener.NONE);

        assertArrayEquals(tokenizer, Files.readAllBytes(repoFile("google/umt5-xxl/tokenizer.json")));
        assertArrayEquals(special, Files.readAllBytes(repoFile("google/umt5-xxl/special_tokens_map.json")));
        assertTrue(store.isDownloaded(Artifact.huggingFace(REPO, "config.json", "google")));
    }

    @Test
    void fetchesEntriesAsFilesWhenTreeListingIsUnavailable() throws IOException {
        hub.treeApi = false;
        byte[] weights = FakeHub.randomBytes(70_000, 3);
        hub.hubFile(REPO, "Wan2.1_VAE.pth", weights);

        downloader(null).download(List.of(Artifact.huggingFace(REPO, "Wan2.1_VAE.pth")), DownloadListener.NONE);

        assertArrayEquals(weights, Files.readAllBytes(repoFile("Wan2.1_VAE.pth")));
    }

    @Test
    void missingEntryInListingFailsWithItsName() {
        hub.hubFile(REPO, "config.json", new byte[] {1});

        DownloadException e = assertThrows(DownloadException.class, () -> downloader(null)
                .download(List.of(Artifact.huggingFace(REPO, "nope.safetensors")), DownloadListener.NONE));

        assertTrue(e.getMessage().contains("nope.safetensors"), e.getMessage());
    }

    @Test
    void resumesWithRangeAfterConnectionDropsMidFile() throws IOException {
        byte[] weights = FakeHub.randomBytes(400_000, 4);
        FakeHub.FileSpec spec = hub.hubFile(REPO, "Wan2.1_VAE.pth", weights);
        spec.dropAfter = 150_000;
        spec.drops = 1;

        downloader(null).download(List.of(Artifact.huggingFace(REPO, "Wan2.1_VAE.pth")), DownloadListener.NONE);

        List<FakeHub.Request> fileRequests = hub.requestsTo("/resolve/main/Wan2.1_VAE.pth");
        assertEquals(2, fileRequests.size(), fileRequests.toString());
        assertNull(fileRequests.get(0).range());
        // resumes from what arrived: the server wrote 150000 bytes, of which the last few may be lost with the
        // connection's reset, so the range starts at or a little before that
        String range = fileRequests.get(1).range();
        assertTrue(range != null && range.matches("bytes=\\d+-"), String.valueOf(range));
        long from = Long.parseLong(range.substring(6, range.length() - 1));
        assertTrue(from > 100_000 && from <= 150_000, range);
        assertArrayEquals(weights, Files.readAllBytes(repoFile("Wan2.1_VAE.pth")));
        assertFalse(Files.exists(repoFile("Wan2.1_VAE.pth.incomplete")));
    }

    @Test
    void resumesAnIncompleteFileLeftByAnEarlierRun() throws IOException {
        byte[] weights = FakeHub.randomBytes(100_000, 5);
        hub.hubFile(REPO, "w.safetensors", weights);
        Path partial = repoFile("w.safetensors.incomplete");
        Files.createDirectories(partial.getParent());
        Files.write(partial, java.util.Arrays.copyOf(weights, 60_000));

        downloader(null).download(List.of(Artifact.huggingFace(REPO, "w.safetensors")), DownloadListener.NONE);

        assertEquals("bytes=60000-", hub.requestsTo("/resolve/main/w.safetensors").get(0).range());
        assertArrayEquals(weights, Files.readAllBytes(repoFile("w.safetensors")));
    }

    @Test
    void restartsFromZeroWhenServerIgnoresRange() throws IOException {
        byte[] weights = FakeHub.randomBytes(50_000, 6);
        hub.hubFile(REPO, "w.safetensors", weights).ignoreRange = true;
        Path partial = repoFile("w.safetensors.incomplete");
        Files.createDirectories(partial.getParent());
        Files.write(partial, new byte[20_000]); // junk that must not survive

        downloader(null).download(List.of(Artifact.huggingFace(REPO, "w.safetensors")), DownloadListener.NONE);

        assertEquals("bytes=20000-", hub.requestsTo("/resolve/main/w.safetensors").get(0).range());
        assertArrayEquals(weights, Files.readAllBytes(repoFile("w.safetensors")));
    }

    @Test
    void restartsWhenPartialFileIsLongerThanRemoteFile() throws IOException {
        byte[] weights = FakeHub.randomBytes(1_000, 7);
        hub.hubFile(REPO, "w.safetensors", weights);
        Path partial = repoFile("w.safetensors.incomplete");
        Files.createDirectories(partial.getParent());
        Files.write(partial, new byte[5_000]);

        downloader(null).download(List.of(Artifact.huggingFace(REPO, "w.safetensors")), DownloadListener.NONE);

        assertArrayEquals(weights, Files.readAllBytes(repoFile("w.safetensors")));
    }

    @Test
    void givesUpAfterRepeatedDropsKeepingThePartialFile() {
        FakeHub.FileSpec spec = hub.hubFile(REPO, "w.safetensors", FakeHub.randomBytes(100_000, 8));
        spec.dropAfter = 0; // no progress at all, every time
        spec.drops = Integer.MAX_VALUE;

        DownloadException e = assertThrows(DownloadException.class, () -> downloader(null)
                .download(List.of(Artifact.huggingFace(REPO, "w.safetensors")), DownloadListener.NONE));

        assertTrue(e.getMessage().contains("failed after 3 attempts"), e.getMessage());
        assertEquals(3, hub.requestsTo("/resolve/main/w.safetensors").size());
        assertFalse(Files.exists(repoFile("w.safetensors")));
    }

    @Test
    void wrongAnnouncedSizeFailsAndLeavesNoFile() {
        FakeHub.FileSpec spec = hub.hubFile(REPO, "w.safetensors", FakeHub.randomBytes(10_000, 9));
        spec.announcedSize = 12_345;

        DownloadException e = assertThrows(DownloadException.class, () -> downloader(null)
                .download(List.of(Artifact.huggingFace(REPO, "w.safetensors")), DownloadListener.NONE));

        assertTrue(e.getMessage().contains("Size mismatch"), e.getMessage());
        assertFalse(Files.exists(repoFile("w.safetensors")));
        assertFalse(Files.exists(repoFile("w.safetensors.incomplete")));
    }

    @Test
    void wrongSizeInHeadersWithoutListingAlsoFails() {
        hub.treeApi = false;
        FakeHub.FileSpec spec = hub.hubFile(REPO, "w.safetensors", FakeHub.randomBytes(10_000, 10));
        spec.announcedSize = 9_000;

        DownloadException e = assertThrows(DownloadException.class, () -> downloader(null)
                .download(List.of(Artifact.huggingFace(REPO, "w.safetensors")), DownloadListener.NONE));

        assertTrue(e.getMessage().contains("Size mismatch"), e.getMessage());
        assertFalse(Files.exists(repoFile("w.safetensors")));
        assertFalse(Files.exists(repoFile("w.safetensors.incomplete")));
    }

    @Test
    void wrongShaFailsAndDeletesThePartialFile() {
        FakeHub.FileSpec spec = hub.hubFile(REPO, "w.safetensors", FakeHub.randomBytes(10_000, 11));
        spec.announcedSha = FakeHub.sha256(new byte[] {42});

        DownloadException e = assertThrows(DownloadException.class, () -> downloader(null)
                .download(List.of(Artifact.huggingFace(REPO, "w.safetensors")), DownloadListener.NONE));

        assertTrue(e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
        assertFalse(Files.exists(repoFile("w.safetensors")));
        assertFalse(Files.exists(repoFile("w.safetensors.incomplete")));
    }

    @Test
    void wrongShaInRedirectHeaderIsCaughtWithoutListing() {
        hub.treeApi = false;
        FakeHub.FileSpec spec = hub.hubFile(REPO, "w.safetensors", FakeHub.randomBytes(10_000, 12));
        spec.redirectToCdn = true;
        spec.announcedSha = FakeHub.sha256(new byte[] {43});

        DownloadException e = assertThrows(DownloadException.class, () -> downloader(null)
                .download(List.of(Artifact.huggingFace(REPO, "w.safetensors")), DownloadListener.NONE));

        assertTrue(e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
        assertFalse(Files.exists(repoFile("w.safetensors")));
    }

    @Test
    void tokenGoesToHuggingFaceOnlyNotToCdnOrDrive() throws IOException {
        byte[] weights = FakeHub.randomBytes(20_000, 13);
        byte[] flownet = FakeHub.randomBytes(3_000, 14);
        hub.hubFile(REPO, "Wan2.1_VAE.pth", weights).redirectToCdn = true;
        hub.driveFile("1Smy6gY7BkS", flownet, FakeHub.DriveMode.DIRECT);

        downloader("hf_secret").download(List.of(Artifact.huggingFace(REPO, "Wan2.1_VAE.pth"),
                Artifact.googleDrive("1Smy6gY7BkS", List.of("flownet.pkl"), "RIFE")), DownloadListener.NONE);

        List<FakeHub.Request> toHub = hub.requests.stream().filter(r -> r.server().equals("hub")).toList();
        List<FakeHub.Request> toDrive = hub.requests.stream().filter(r -> r.server().equals("drive")).toList();
        assertFalse(toHub.isEmpty());
        assertTrue(toHub.stream().allMatch(r -> "Bearer hf_secret".equals(r.authorization())), toHub.toString());
        assertFalse(hub.requestsTo("/cdn/").isEmpty(), "the file came through the redirect");
        assertTrue(toDrive.stream().allMatch(r -> r.authorization() == null), toDrive.toString());
        assertArrayEquals(weights, Files.readAllBytes(repoFile("Wan2.1_VAE.pth")));
        assertArrayEquals(flownet, Files.readAllBytes(models.resolve("RIFE/flownet.pkl")));
    }

    @Test
    void unauthorizedRepoFailsAsAuthenticationFailure() {
        hub.treeApi = false;
        hub.hubFile(REPO, "w.safetensors", new byte[] {1}).status = 401;

        DownloadException e = assertThrows(DownloadException.class, () -> downloader(null)
                .download(List.of(Artifact.huggingFace(REPO, "w.safetensors")), DownloadListener.NONE));

        assertTrue(e.isAuthenticationFailure());
        assertTrue(e.getMessage().contains("401"), e.getMessage());
        assertEquals(1, hub.requestsTo("/resolve/main/").size(), "a refusal is not retried");
    }

    @Test
    void followsGoogleDriveVirusScanCookie() throws IOException {
        byte[] flownet = FakeHub.randomBytes(30_000, 15);
        hub.driveFile("1Smy6gY7BkS_Rz", flownet, FakeHub.DriveMode.COOKIE);
        Artifact rife = Artifact.googleDrive("1Smy6gY7BkS_Rz", List.of("flownet.pkl"), "RIFE");

        downloader(null).download(List.of(rife), DownloadListener.NONE);

        assertArrayEquals(flownet, Files.readAllBytes(models.resolve("RIFE/flownet.pkl")));
        assertTrue(store.isDownloaded(rife));
        assertTrue(hub.requests.stream().anyMatch(r -> r.query().contains("confirm=tok14")));
    }

    @Test
    void followsGoogleDriveConfirmForm() throws IOException {
        byte[] file = FakeHub.randomBytes(30_000, 16);
        hub.driveFile("abcdef", file, FakeHub.DriveMode.FORM);
        Artifact artifact = Artifact.googleDrive("https://drive.google.com/file/d/abcdef/view?usp=sharing",
                List.of(), "thing");

        downloader(null).download(List.of(artifact), DownloadListener.NONE);

        assertArrayEquals(file, Files.readAllBytes(models.resolve("thing/abcdef")));
        assertTrue(hub.requestsTo("/download").stream().anyMatch(r -> r.query().contains("uuid=u-1")));
    }

    @Test
    void unpacksDeclaredEntriesFromDriveZip() throws IOException {
        byte[] flownet = FakeHub.randomBytes(2_000, 17);
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            zip.putNextEntry(new ZipEntry("train_log/flownet.pkl"));
            zip.write(flownet);
            zip.putNextEntry(new ZipEntry("train_log/README.txt"));
            zip.write("not wanted".getBytes(StandardCharsets.UTF_8));
        }
        hub.driveFile("zipid", zipBytes.toByteArray(), FakeHub.DriveMode.DIRECT);

        downloader(null).download(List.of(Artifact.googleDrive("zipid", List.of("flownet.pkl"), "RIFE")),
                DownloadListener.NONE);

        assertArrayEquals(flownet, Files.readAllBytes(models.resolve("RIFE/flownet.pkl")));
        assertFalse(Files.exists(models.resolve("RIFE/README.txt")));
        try (var left = Files.list(models.resolve("RIFE"))) {
            assertEquals(List.of("flownet.pkl"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void reportsProgressPerArtifactUpToItsTotal() throws IOException {
        hub.hubFile(REPO, "a.bin", FakeHub.randomBytes(70_000, 18));
        hub.hubFile(REPO, "b.bin", FakeHub.randomBytes(30_000, 19));
        List<long[]> events = new java.util.ArrayList<>();
        downloader(null).download(List.of(Artifact.huggingFace(REPO, "a.bin", "b.bin")),
                (key, done, total) -> {
                    assertEquals(REPO, key);
                    events.add(new long[] {done, total});
                });

        assertNotNull(events.get(0));
        assertTrue(events.stream().allMatch(e -> e[1] == 100_000), "listing gave the total up front");
        assertEquals(100_000, events.get(events.size() - 1)[0]);
    }
}
