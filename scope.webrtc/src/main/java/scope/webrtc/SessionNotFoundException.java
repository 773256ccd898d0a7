package scope.webrtc;

/** No live session has this id (never existed, closed, or failed). HTTP maps it to 404. */
public class SessionNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionNotFoundException(String sessionId) {
        super("Session not found: " + sessionId);
    }

    private SessionNotFoundException(String message, boolean exact) {
        super(message);
    }

    /** No live WHEP viewer with this id watches this session. @since 1.2 */
    public static SessionNotFoundException viewer(String sessionId, String viewerId) {
        return new SessionNotFoundException("Viewer not found: " + viewerId + " (session " + sessionId + ")", true);
    }
}
