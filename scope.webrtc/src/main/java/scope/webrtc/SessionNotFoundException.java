package scope.webrtc;

/** No live session has this id (never existed, closed, or failed). HTTP maps it to 404. */
public class SessionNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionNotFoundException(String sessionId) {
        super("Session not found: " + sessionId);
    }
}
