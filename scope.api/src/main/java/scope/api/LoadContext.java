package scope.api;

import java.nio.file.Path;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** What the host hands a {@link PipelineFactory} when it loads an instance. */
@ProviderType
public interface LoadContext {
    String pipelineId();

    /**
     * The configuration object of the descriptor's config class, with the schema defaults overridden by the
     * validated load parameters.
     */
    <C> C config(Class<C> configClass);

    /** The canonical load parameters: defaults filled in, load-time fields only. */
    Map<String, Object> loadParameters();

    /** The models directory of this host ({@code <home>/models}); artifacts live in sub-directories. */
    Path modelsDirectory();

    /** Total VRAM of the GPU in GiB, or 0 without a GPU. */
    double vramGb();

    /** Reports the current loading stage ({@code "Loading diffusion model..."}), shown by the status API. */
    void stage(String text);
}
