package scope.cluster;

import java.util.List;
import scope.runtime.schema.FieldError;

/** An answer other than success from a gateway route: its status and Scope's {@code detail}. */
final class GatewayError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient List<FieldError> fieldErrors;

    GatewayError(int status, String detail) {
        super(detail);
        this.status = status;
        this.fieldErrors = List.of();
    }

    /** A 422 naming the fields, in the shape of a single server's validation errors. */
    GatewayError(List<FieldError> errors) {
        super(errors.toString());
        this.status = 422;
        this.fieldErrors = List.copyOf(errors);
    }
}
