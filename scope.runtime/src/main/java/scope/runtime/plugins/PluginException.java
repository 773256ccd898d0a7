package scope.runtime.plugins;

/** A plugin operation was refused; {@link #kind()} says why, so adapters can map it (HTTP status). */
public class PluginException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an operation was refused. */
    public enum Kind {
        /** the request or the uploaded file is invalid */
        INVALID,
        /** the upload is larger than the configured limit */
        TOO_LARGE,
        /** no plugin by that name */
        NOT_FOUND,
        /** the bundle belongs to the platform */
        PROTECTED,
        /** the name or file collides with something else */
        CONFLICT,
        /** the bundle was written but did not resolve or start */
        UNRESOLVED
    }

    private final Kind kind;

    public PluginException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
