package scope.runtime.artifacts;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import scope.api.Artifact;
import scope.runtime.settings.ScopeSettings;

/**
 * The host's model downloads: one {@link DownloadManager} over {@code <home>/models}, with the Hugging Face
 * endpoint and token from {@code HF_ENDPOINT} and {@code HF_TOKEN}. Deactivation interrupts running downloads;
 * their partial files stay and resume next time.
 */
@Component(service = ModelService.class, immediate = true)
public class ModelService {
    private final DownloadManager downloads;

    @Activate
    public ModelService(@Reference ScopeSettings settings) {
        this.downloads = new DownloadManager(new ArtifactDownloader(new ArtifactStore(settings.models()),
                DownloadSettings.fromEnvironment()));
    }

    @Deactivate
    void deactivate() {
        downloads.close();
    }

    public ModelStatus status(String pipelineId, List<Artifact> artifacts) {
        return downloads.status(pipelineId, artifacts);
    }

    /** @return false when a download for this pipeline is already running */
    public boolean start(String pipelineId, List<Artifact> artifacts) {
        return downloads.start(pipelineId, artifacts);
    }

    public DownloadManager downloads() {
        return downloads;
    }
}
