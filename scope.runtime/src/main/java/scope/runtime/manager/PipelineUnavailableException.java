package scope.runtime.manager;

/** A request names a pipeline this machine cannot run (filtered by VRAM). */
public class PipelineUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public PipelineUnavailableException(String pipelineId, String reason) {
        super("Pipeline '" + pipelineId + "' is not available on this machine: " + reason);
    }
}
