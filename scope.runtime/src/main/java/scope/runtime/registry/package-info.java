/** The plugin registry: the whiteboard of {@link scope.api.PipelinePlugin} hooks and the pipelines they register. */
@Export
@Version("1.0.0")
package scope.runtime.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
