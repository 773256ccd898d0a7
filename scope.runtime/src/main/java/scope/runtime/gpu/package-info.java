/** GPU detection and the VRAM filter that decides which pipelines this machine can run. */
@Export
@Version("1.0.0")
package scope.runtime.gpu;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
