/** Where the host lives and listens: home directory, host and port, from flags, environment and defaults. */
@Export
@Version("1.2.0")
package scope.runtime.settings;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
