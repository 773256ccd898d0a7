/**
 * Recording a session to MP4: the {@link scope.record.Recorder} service (start, stop, download, list) over the
 * recordings folder {@code <home>/recordings}.
 */
@Export
@Version("1.0.0")
package scope.record;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
