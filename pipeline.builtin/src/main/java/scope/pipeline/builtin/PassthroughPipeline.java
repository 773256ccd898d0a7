package scope.pipeline.builtin;

import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;
import scope.api.Requirements;

/** Returns its input unchanged (no resize), keeping the frames' timestamps. Takes 4 frames a call, as Scope. */
final class PassthroughPipeline implements Pipeline {
    @Override
    public Requirements prepare(Parameters parameters) {
        return Requirements.inputSize(4);
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
