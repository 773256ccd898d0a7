package scope.webrtc.internal;

/** The WebRTC stack failed while answering an offer (not the client's fault). HTTP: 500. */
final class NegotiationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NegotiationException(String message) {
        super(message);
    }

    NegotiationException(String message, Throwable cause) {
        super(message, cause);
    }
}
