package scope.api;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A pipeline's step between downloading its artifacts and loading them: for a pipeline whose downloaded files are
 * not what its factory loads (checkpoints that become ONNX graphs, say). The host runs it after a download, in the
 * same background job, reporting its progress as the download's; a factory may run it too when it finds the
 * artifacts present but not prepared. It must be idempotent and atomic: what it produces is either complete or
 * absent, so an interrupted run leaves nothing a load could pick up.
 *
 * @since 1.1
 */
@ConsumerType
public interface ModelPreparation {
    /** Progress of a preparation, in the implementation's units (bytes or elements written, say). */
    @FunctionalInterface
    interface Listener {
        /**
         * @param step  what is being produced now, shown to the user ({@code "text_encoder.onnx"})
         * @param done  units done in this step
         * @param total units of this step, or -1 when not known
         */
        void progress(String step, long done, long total);

        Listener NONE = (step, done, total) -> { };
    }

    /**
     * Whether what the factory loads is in place, so that nothing needs downloading or preparing. Called by the
     * models status endpoint, so it must be quick (no reading of whole files).
     *
     * @param modelsDirectory the host's models directory
     * @param vramGb          total VRAM of the GPU in GiB, 0 without one (the result may depend on it, e.g.
     *                        through the precision prepared)
     */
    boolean isReady(Path modelsDirectory, double vramGb);

    /**
     * Prepares from the downloaded artifacts; returns at once when already done.
     *
     * @throws Exception with a message a user can act on (the file and the key at fault); shown as the download's
     *                   or the load's error
     */
    void prepare(Path modelsDirectory, double vramGb, Listener listener) throws Exception;
}
