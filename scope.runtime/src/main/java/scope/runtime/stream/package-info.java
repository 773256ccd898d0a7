/**
 * Streams: the frame-processing chain of one session (source -&gt; preprocessors -&gt; main -&gt; postprocessors -&gt;
 * sink), independent of the transport that feeds it. WebRTC (or a test) pushes input frames and pulls paced
 * output frames. Since 1.1 a stream opened from a graph that forks at its source has one output per sink
 * ({@code Stream.outputCount}, {@code nextOutput(int)}, {@code sinkId}; {@code FrameChain.startForked}). Since 1.2
 * a transport may name the stream (its session id) when it opens it, and frames can be tapped ({@code FrameTap}),
 * services told of new streams ({@code StreamObserver}) and clients sent notices ({@code Stream.notice}). Since 1.3
 * a stream names the record nodes of its graph and the point each records ({@code Stream.recordNodes},
 * {@code RecordNode}).
 */
@Export
@Version("1.3.0")
package scope.runtime.stream;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
