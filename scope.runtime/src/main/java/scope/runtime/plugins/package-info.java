/**
 * Plugin bundles as the user sees them: listing with source and state, failures (including drop-folder files that
 * are not bundles or do not resolve), and install, update and removal through the drop folder.
 */
@Export
@Version("1.0.0")
package scope.runtime.plugins;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
