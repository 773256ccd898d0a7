/** The pipeline manager: loads, reuses and unloads pipeline instances, keyed by node id. */
@Export
@Version("1.1.0")
package scope.runtime.manager;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
