package scope.runtime.artifacts;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scope.api.Artifact;
import scope.api.ModelPreparation;

/**
 * Background model downloads, at most one per pipeline id, with the progress the status endpoint reports. Progress
 * of a pipeline lives from {@link #start} until a status query after success finds the files present; an error stays
 * until the next start. A pipeline with a {@link ModelPreparation} has it run in the same job after the download
 * (phase {@link DownloadProgress#CONVERTING}), and counts as downloaded only once it is ready.
 */
public final class DownloadManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadManager.class);

    static final String AUTH_HINT = "Download failed: Hugging Face refused access (401/403). The model may be gated "
            + "or need a token: accept its terms on huggingface.co, set a Hugging Face token (HF_TOKEN or the "
            + "HuggingFace key in Settings), then try again.";

    /** Mutable progress of one pipeline; guarded by the manager's lock. */
    private static final class Tracked {
        boolean downloading = true;
        double percentage;
        String currentArtifact;
        String error;
        String phase = DownloadProgress.DOWNLOADING;
        int loggedStep = -1;
        final CompletableFuture<Void> finished = new CompletableFuture<>();

        DownloadProgress snapshot() {
            return new DownloadProgress(downloading, percentage, currentArtifact, error, phase);
        }
    }

    private final ArtifactDownloader downloader;
    private final ExecutorService executor;
    private final Map<String, Tracked> tracked = new HashMap<>();

    public DownloadManager(ArtifactDownloader downloader) {
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "model-download");
            t.setDaemon(true); // a download must not keep the JVM alive on shutdown
            return t;
        });
    }

    public ArtifactStore store() {
        return downloader.store();
    }

    /**
     * Starts downloading a pipeline's artifacts in the background, clearing its previous progress and error.
     *
     * @return false when a download for this pipeline is already running (the HTTP layer answers 409)
     * @throws IllegalArgumentException when the pipeline id is empty (400)
     */
    public boolean start(String pipelineId, List<Artifact> artifacts) {
        return start(pipelineId, artifacts, null, 0);
    }

    /**
     * As {@link #start(String, List)}, then runs the pipeline's preparation (when not null) in the same job.
     *
     * @param vramGb handed to the preparation
     */
    public boolean start(String pipelineId, List<Artifact> artifacts, ModelPreparation preparation, double vramGb) {
        if (pipelineId == null || pipelineId.isBlank()) {
            throw new IllegalArgumentException("pipeline_id is required");
        }
        List<Artifact> list = List.copyOf(artifacts);
        Tracked state = new Tracked();
        synchronized (tracked) {
            Tracked previous = tracked.get(pipelineId);
            if (previous != null && previous.downloading) {
                return false;
            }
            tracked.put(pipelineId, state);
        }
        LOG.info("Model download started for {}", pipelineId);
        executor.execute(() -> run(pipelineId, list, preparation, vramGb, state));
        return true;
    }

    private void run(String pipelineId, List<Artifact> artifacts, ModelPreparation preparation, double vramGb,
            Tracked state) {
        try {
            downloader.download(artifacts, (key, done, total) -> update(pipelineId, state, key, done, total));
            if (preparation != null) {
                prepare(pipelineId, preparation, vramGb, state);
            }
            synchronized (tracked) {
                state.downloading = false;
            }
            LOG.info("Model download finished for {}", pipelineId);
        } catch (PreparationFailed e) {
            LOG.error("Model conversion failed for {}: {}", pipelineId, e.getCause().getMessage(), e.getCause());
            synchronized (tracked) {
                state.downloading = false;
                state.error = "Conversion failed: " + e.getCause().getMessage();
            }
        } catch (Exception e) {
            LOG.error("Model download failed for {}", pipelineId, e);
            synchronized (tracked) {
                state.downloading = false;
                state.error = errorMessage(e);
            }
        } finally {
            state.finished.complete(null);
        }
    }

    /** A preparation's own failure, kept apart from download failures for its message. */
    private static final class PreparationFailed extends Exception {
        private static final long serialVersionUID = 1L;

        PreparationFailed(Throwable cause) {
            super(cause);
        }
    }

    private void prepare(String pipelineId, ModelPreparation preparation, double vramGb, Tracked state)
            throws PreparationFailed {
        synchronized (tracked) {
            state.phase = DownloadProgress.CONVERTING;
            state.currentArtifact = null; // until the preparation names its first step
            state.percentage = 0;
            state.loggedStep = -1;
        }
        try {
            preparation.prepare(store().modelsDirectory(), vramGb,
                    (step, done, total) -> update(pipelineId, state, step, done, total));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PreparationFailed(e);
        } catch (Exception | LinkageError e) {
            throw new PreparationFailed(e);
        }
    }

    private void update(String pipelineId, Tracked state, String key, long done, long total) {
        double percent = total > 0 ? Math.min(100.0, Math.round(done * 1000.0 / total) / 10.0) : 0.0;
        int step;
        synchronized (tracked) {
            if (!key.equals(state.currentArtifact)) {
                state.loggedStep = -1;
            }
            state.currentArtifact = key;
            state.percentage = percent;
            step = (int) (percent / 5);
            if (step == state.loggedStep) {
                return;
            }
            state.loggedStep = step;
        }
        LOG.info("{}: {} {} {}% ({} of {})", pipelineId, state.phase, key, percent, done, total);
    }

    static String errorMessage(Throwable e) {
        String text = String.valueOf(e.getMessage());
        boolean auth = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DownloadException d && d.isAuthenticationFailure()) {
                auth = true;
            }
        }
        if (auth || text.contains("401") || text.contains("403") || text.contains("Unauthorized")) {
            return AUTH_HINT;
        }
        return "Download failed: " + text + ". Check the server logs for details.";
    }

    /**
     * The status of a pipeline's models: {@code downloaded} is false while a download runs; once a finished download
     * has left every file present, its progress is dropped and {@code progress} is null.
     */
    public ModelStatus status(String pipelineId, List<Artifact> artifacts) {
        return status(pipelineId, () -> downloader.store().isDownloaded(artifacts));
    }

    /**
     * As {@link #status(String, List)}, with what "downloaded" means given: for a pipeline with a preparation,
     * whether it is ready.
     */
    public ModelStatus status(String pipelineId, BooleanSupplier ready) {
        Tracked state;
        synchronized (tracked) {
            state = tracked.get(pipelineId);
            if (state != null && state.downloading) {
                return new ModelStatus(false, state.snapshot());
            }
        }
        boolean downloaded = ready.getAsBoolean();
        synchronized (tracked) {
            if (state != null && tracked.get(pipelineId) == state) {
                if (downloaded && state.error == null && !state.downloading) {
                    tracked.remove(pipelineId);
                    return new ModelStatus(true, null);
                }
                return new ModelStatus(downloaded && !state.downloading, state.snapshot());
            }
            Tracked now = tracked.get(pipelineId);
            if (now != null) {
                return new ModelStatus(false, now.snapshot()); // a new download started meanwhile
            }
        }
        return new ModelStatus(downloaded, null);
    }

    /** The tracked progress without the clearing {@link #status} does; empty when nothing is tracked. */
    public Optional<DownloadProgress> progress(String pipelineId) {
        synchronized (tracked) {
            return Optional.ofNullable(tracked.get(pipelineId)).map(Tracked::snapshot);
        }
    }

    public boolean isDownloading(String pipelineId) {
        synchronized (tracked) {
            Tracked state = tracked.get(pipelineId);
            return state != null && state.downloading;
        }
    }

    /** Waits for the pipeline's current download to end; true when none is running any more. */
    public boolean awaitCompletion(String pipelineId, Duration timeout) throws InterruptedException {
        CompletableFuture<Void> finished;
        synchronized (tracked) {
            Tracked state = tracked.get(pipelineId);
            if (state == null) {
                return true;
            }
            finished = state.finished;
        }
        try {
            finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("run() always completes normally", e);
        }
    }

    /** Interrupts running downloads; their partial files stay and resume next time. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
