package scope.runtime.artifacts;

import java.io.IOException;

/**
 * A download that failed. {@link #httpStatus()} is the HTTP status when the server refused the request, so callers
 * can tell an authentication problem (401/403) from a broken file.
 */
public class DownloadException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final boolean retryable;

    public DownloadException(String message) {
        this(message, -1, false, null);
    }

    public DownloadException(String message, Throwable cause) {
        this(message, -1, false, cause);
    }

    DownloadException(String message, int httpStatus, boolean retryable, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    /** The HTTP status that caused the failure, or -1 when it was not an HTTP refusal. */
    public int httpStatus() {
        return httpStatus;
    }

    /** True when the server refused because of missing or insufficient credentials. */
    public boolean isAuthenticationFailure() {
        return httpStatus == 401 || httpStatus == 403;
    }

    /** True for transient failures (server errors) that another attempt may fix. */
    boolean retryable() {
        return retryable;
    }
}
