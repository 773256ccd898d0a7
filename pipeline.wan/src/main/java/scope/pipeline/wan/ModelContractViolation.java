package scope.pipeline.wan;

import java.nio.file.Path;

/** The load error of a graph file whose inputs or outputs do not match the model contract. */
public final class ModelContractViolation extends Exception {
    private static final long serialVersionUID = 1L;

    private final String tensor;

    public ModelContractViolation(Path file, String tensor, String detail) {
        super("Model file " + file + " does not match the model contract: " + detail);
        this.tensor = tensor;
    }

    /** The tensor that does not match. */
    public String tensor() {
        return tensor;
    }
}
