package scope.runtime.artifacts;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.Artifact;
import scope.api.ModelPreparation;
import scope.runtime.gpu.HardwareService;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.settings.ScopeSettings;

/**
 * The host's model downloads: one {@link DownloadManager} over {@code <home>/models}, with the Hugging Face
 * endpoint and token from {@code HF_ENDPOINT} and {@code HF_TOKEN}. A pipeline whose descriptor has a
 * {@link ModelPreparation} gets it run after its download, and is "downloaded" once the preparation is ready.
 * Deactivation interrupts running downloads; their partial files stay and resume next time.
 */
@Component(service = ModelService.class, immediate = true)
public class ModelService {
    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);

    private final DownloadManager downloads;
    private final PipelineRegistry registry;
    private final HardwareService hardware;

    @Activate
    public ModelService(@Reference ScopeSettings settings, @Reference PipelineRegistry registry,
            @Reference HardwareService hardware) {
        this.downloads = new DownloadManager(new ArtifactDownloader(new ArtifactStore(settings.models()),
                DownloadSettings.fromEnvironment()));
        this.registry = registry;
        this.hardware = hardware;
    }

    @Deactivate
    void deactivate() {
        downloads.close();
    }

    public ModelStatus status(String pipelineId, List<Artifact> artifacts) {
        ModelPreparation preparation = preparationOf(pipelineId);
        if (preparation == null) {
            return downloads.status(pipelineId, artifacts);
        }
        return downloads.status(pipelineId, () -> isReady(pipelineId, preparation));
    }

    /** @return false when a download for this pipeline is already running */
    public boolean start(String pipelineId, List<Artifact> artifacts) {
        return downloads.start(pipelineId, artifacts, preparationOf(pipelineId), hardware.gpu().vramGb());
    }

    public DownloadManager downloads() {
        return downloads;
    }

    private ModelPreparation preparationOf(String pipelineId) {
        return registry.pipeline(pipelineId).map(p -> p.descriptor().preparation()).orElse(null);
    }

    private boolean isReady(String pipelineId, ModelPreparation preparation) {
        try {
            return preparation.isReady(downloads.store().modelsDirectory(), hardware.gpu().vramGb());
        } catch (RuntimeException | LinkageError e) {
            // a plugin's check must not break the status endpoint: not ready, and the reason in the log
            LOG.warn("Checking whether the models of {} are ready failed", pipelineId, e);
            return false;
        }
    }
}
