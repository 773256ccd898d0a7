/**
 * The plugin contract of Scope.
 *
 * <p>A plugin bundle provides a {@link scope.api.PipelinePlugin} service. The host calls it with a
 * {@link scope.api.PipelineRegistrar} - the Java twin of Scope's {@code register_pipelines(register)} hook - and the
 * plugin registers one {@link scope.api.PipelineDescriptor} per pipeline. A descriptor carries the metadata the UI
 * shows, the configuration class that becomes the JSON Schema, and the {@link scope.api.PipelineFactory} that loads
 * a {@link scope.api.Pipeline} instance.
 *
 * <p>Lifecycle of an instance, owned by the host's pipeline manager: {@code load} (factory) -&gt; any number of
 * {@code prepare}/{@code process} calls from one worker thread -&gt; {@code close}.
 */
@Export
@Version("1.1.0")
package scope.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
