/** A bounded log of recent platform events (plugins coming and going, instances removed) for status pages. */
@Export
@Version("1.0.0")
package scope.runtime.events;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
