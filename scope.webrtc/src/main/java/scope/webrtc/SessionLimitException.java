package scope.webrtc;

/**
 * An offer was refused because a session cap is reached: all live sessions ({@code max_sessions}) or the live
 * sessions of the offering client's address ({@code max_sessions_per_client}). The message names the cap and its
 * value. HTTP maps it to 429 (per client) or 503 (all sessions).
 */
public class SessionLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean perClient;

    public SessionLimitException(String message, boolean perClient) {
        super(message);
        this.perClient = perClient;
    }

    /** True when the client's own cap was reached, false when the server's. */
    public boolean perClient() {
        return perClient;
    }
}
