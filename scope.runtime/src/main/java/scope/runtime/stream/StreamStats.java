package scope.runtime.stream;

/**
 * Live figures of a stream.
 *
 * @param framesIn        input frames accepted
 * @param framesOut       output frames delivered to the transport
 * @param deliveredFps    output frames per second over the last seconds
 * @param pipelineFps     the batch FPS estimate of the sink's producer
 * @param outputFps       the rate the output is paced at, i.e. what a client sees (-1 before the first frame)
 * @param ttffMs          time to first frame, or -1 before it
 * @param latencyMs       input-to-output latency of the latest timestamped frame, or -1. Frame timestamps are
 *                        taken to be {@code System.nanoTime()} values stamped when the input frame arrived (the
 *                        transport's job); a timestamp more than 60 s away from now is on another clock and gives -1
 * @param paused          whether the stream is paused
 * @param emptyPolls      polls of the sink that found no frame after the first output (the consumer was starved)
 * @param bufferWaitMs    mean time a generated frame waited in the playout buffer (the sink) before it was shown,
 *                        or -1 before the first; the latency the output pacing adds
 */
public record StreamStats(long framesIn, long framesOut, double deliveredFps, double pipelineFps, double outputFps,
        double ttffMs, double latencyMs, boolean paused, long emptyPolls, double bufferWaitMs) {
}
