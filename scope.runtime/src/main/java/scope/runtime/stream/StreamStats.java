package scope.runtime.stream;

/**
 * Live figures of a stream.
 *
 * @param framesIn        input frames accepted
 * @param framesOut       output frames delivered to the transport
 * @param deliveredFps    output frames per second over the last seconds
 * @param pipelineFps     the batch FPS estimate of the sink's producer
 * @param ttffMs          time to first frame, or -1 before it
 * @param latencyMs       input-to-output latency of the latest timestamped frame, or -1
 * @param paused          whether the stream is paused
 */
public record StreamStats(long framesIn, long framesOut, double deliveredFps, double pipelineFps, double ttffMs,
        double latencyMs, boolean paused) {
}
