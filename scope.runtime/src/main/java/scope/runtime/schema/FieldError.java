package scope.runtime.schema;

/** One problem with one field of a request: {@code field} is the JSON path ({@code load_params.height}). */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
