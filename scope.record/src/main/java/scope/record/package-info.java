/**
 * Recording a session to MP4: the {@link scope.record.Recorder} service (start, stop, download, list) over the
 * recordings folder {@code <home>/recordings}. Since 1.1 the record nodes of a session's graph are recorded one by
 * one ({@code Recorder.recordNodes}, {@code startNode}, {@code stopNode}, {@code downloadNode}; {@code nodeId} in
 * {@code RecordingFile} and {@code RecordingStatus}).
 */
@Export
@Version("1.1.0")
package scope.record;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
