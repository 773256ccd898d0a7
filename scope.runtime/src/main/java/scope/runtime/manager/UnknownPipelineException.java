package scope.runtime.manager;

/** A request names a pipeline id that no plugin registered. */
public class UnknownPipelineException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnknownPipelineException(String pipelineId) {
        super("Pipeline '" + pipelineId + "' not found");
    }
}
