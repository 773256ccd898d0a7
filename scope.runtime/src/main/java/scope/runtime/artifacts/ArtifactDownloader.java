package scope.runtime.artifacts;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scope.api.Artifact;

/**
 * Brings a pipeline's artifacts onto disk: only missing entries are fetched; each artifact reports progress as bytes
 * of its own missing files, which is what the status endpoint turns into a percentage.
 */
public final class ArtifactDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactDownloader.class);

    private final ArtifactStore store;
    private final HuggingFaceClient huggingFace;
    private final GoogleDriveClient googleDrive;

    public ArtifactDownloader(ArtifactStore store, DownloadSettings settings) {
        this(store, settings, HttpFetcher.newClient(settings));
    }

    ArtifactDownloader(ArtifactStore store, DownloadSettings settings, Supplier<HttpClient> client) {
        this.store = Objects.requireNonNull(store, "store");
        HttpFetcher fetcher = new HttpFetcher(client, settings.responseTimeout());
        HttpFileDownloader files = new HttpFileDownloader(fetcher, settings.maxAttempts(), settings.retryBackoff());
        this.huggingFace = new HuggingFaceClient(fetcher, files, settings.huggingFaceEndpoint(),
                settings.huggingFaceToken());
        this.googleDrive = new GoogleDriveClient(fetcher, files, settings.googleDriveBase());
    }

    public ArtifactStore store() {
        return store;
    }

    /** Downloads every missing file of every artifact, in order; stops at the first failure. */
    public void download(List<Artifact> artifacts, DownloadListener listener) throws IOException {
        for (Artifact artifact : artifacts) {
            download(artifact, listener);
        }
    }

    public void download(Artifact artifact, DownloadListener listener) throws IOException {
        List<String> missing = store.missingEntries(artifact);
        if (missing.isEmpty()) {
            LOG.debug("{} already present", artifact.key());
            return;
        }
        LOG.info("Downloading {} {} into {}", artifact.key(), missing, store.directoryOf(artifact));
        if (artifact.source() == Artifact.Source.HUGGING_FACE) {
            downloadHuggingFace(artifact, missing, listener);
        } else {
            listener.progress(artifact.key(), 0, -1);
            googleDrive.download(artifact, store, (done, total) -> listener.progress(artifact.key(), done, total));
        }
        LOG.info("Downloaded {}", artifact.key());
    }

    private void downloadHuggingFace(Artifact artifact, List<String> missing, DownloadListener listener)
            throws IOException {
        List<HuggingFaceClient.RemoteFile> files = huggingFace.plan(artifact.id(), missing);
        // Sizes from the listing; a file the listing could not size joins the total once its response says.
        long[] sizes = files.stream().mapToLong(HuggingFaceClient.RemoteFile::size).toArray();
        long[] done = new long[files.size()];
        listener.progress(artifact.key(), 0, total(sizes));
        for (int i = 0; i < files.size(); i++) {
            HuggingFaceClient.RemoteFile file = files.get(i);
            Path target = store.pathOf(artifact, file.path());
            if (Files.isRegularFile(target) && (file.size() < 0 || Files.size(target) == file.size())) {
                // Left by an earlier run that stopped later in the same directory.
                done[i] = Files.size(target);
                sizes[i] = done[i];
                listener.progress(artifact.key(), sum(done), total(sizes));
                continue;
            }
            int index = i;
            huggingFace.download(artifact.id(), file, target, (bytes, fileTotal) -> {
                done[index] = bytes;
                if (fileTotal >= 0) {
                    sizes[index] = fileTotal;
                }
                listener.progress(artifact.key(), sum(done), total(sizes));
            });
        }
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    /** Sum of known sizes; -1 while none is known. */
    private static long total(long[] sizes) {
        long s = 0;
        boolean any = false;
        for (long v : sizes) {
            if (v >= 0) {
                s += v;
                any = true;
            }
        }
        return any ? s : -1;
    }
}
