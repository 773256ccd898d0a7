package scope.runtime.stream;

import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;
import scope.api.Requirements;
import scope.runtime.schema.ConfigSchema;

/**
 * The one stage of a branch that wires the source straight to its sink (Scope's raw preview: Source -&gt; Sink_1
 * beside a processed branch): hands each input frame on unchanged, so the branch is paced and stopped like any
 * other. It belongs to the stream, not to the pipeline manager; it takes no parameters.
 */
final class DirectBranch implements Pipeline {
    /** No fields: a direct branch has nothing to set. */
    public static final class NoParameters {
        public NoParameters() {
        }
    }

    static final String PIPELINE_ID = "source";

    /** The stage for the branch ending in {@code sinkId}; named after the sink, whose id is unique in the graph. */
    static ChainStage stage(String sinkId) {
        return new ChainStage(sinkId, PIPELINE_ID, new DirectBranch(), ConfigSchema.of(NoParameters.class),
                ChainStage.Role.MAIN);
    }

    @Override
    public Requirements prepare(Parameters parameters) {
        return Requirements.inputSize(1); // waits for input in text mode too: there is nothing to generate
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
