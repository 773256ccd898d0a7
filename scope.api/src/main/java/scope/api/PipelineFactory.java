package scope.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Loads a pipeline instance: reads model files, builds sessions, warms up. Runs off the request thread. */
@ConsumerType
@FunctionalInterface
public interface PipelineFactory {
    /**
     * @throws Exception with a message a user can act on (which files are missing, what is wrong with them); it is
     *                   shown as the load error.
     */
    Pipeline load(LoadContext context) throws Exception;
}
