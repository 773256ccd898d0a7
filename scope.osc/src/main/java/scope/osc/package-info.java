/**
 * OSC control of running sessions: the {@link scope.osc.OscControl} service behind Scope's {@code /api/v1/osc/*}
 * routes (status, settings, address inventory, event stream).
 */
@Export
@Version("1.0.0")
package scope.osc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
