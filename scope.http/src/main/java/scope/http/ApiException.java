package scope.http;

import java.util.List;
import scope.runtime.schema.FieldError;

/** An error answer: HTTP status plus Scope's {@code {"detail": ...}} body. */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient List<FieldError> fieldErrors;

    ApiException(int status, String detail) {
        super(detail);
        this.status = status;
        this.fieldErrors = List.of();
    }

    /** A 422 whose detail is FastAPI's list of {@code {loc, msg, type}}. */
    ApiException(List<FieldError> errors) {
        super(errors.toString());
        this.status = 422;
        this.fieldErrors = List.copyOf(errors);
    }
}
