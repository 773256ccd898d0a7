package scope.pipeline.builtin;

import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;
import scope.api.Requirements;

/**
 * Returns its input unchanged (no resize), keeping the frames' timestamps. Takes 4 frames a call, as Scope, unless
 * the stream sets {@code input_size} (1 makes it a zero-batching path for measuring transport latency).
 */
final class PassthroughPipeline implements Pipeline {
    @Override
    public Requirements prepare(Parameters parameters) {
        return Requirements.inputSize(Math.max(1, parameters.getInt("input_size", 4)));
    }

    @Override
    public PipelineOutput process(PipelineCall call) {
        return PipelineOutput.of(call.video());
    }

    @Override
    public void close() {
        // holds nothing
    }
}
