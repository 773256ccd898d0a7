package scope.runtime.schema;

import java.util.List;
import java.util.stream.Collectors;

/** Incoming parameters that do not fit a schema; carries every field error found, not just the first. */
public class ValidationException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public ValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The same errors with a path prefix ({@code height} -&gt; {@code pipelines[0].load_params.height}). */
    public ValidationException prefixed(String prefix) {
        return new ValidationException(errors.stream()
                .map(e -> new FieldError(prefix + "." + e.field(), e.message())).collect(Collectors.toList()));
    }
}
