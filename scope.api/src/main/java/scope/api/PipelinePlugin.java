package scope.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The registration hook - the Java twin of Scope's {@code register_pipelines(register)}. A plugin bundle provides one
 * service of this type (typically a Declarative Services component); the host calls it once per bundle start with a
 * registrar bound to that bundle, and forgets the bundle's pipelines when the service goes away.
 */
@ConsumerType
@FunctionalInterface
public interface PipelinePlugin {
    void registerPipelines(PipelineRegistrar register);
}
