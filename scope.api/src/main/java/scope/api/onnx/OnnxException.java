package scope.api.onnx;

/** A model could not be opened or run; the message says which file and why. */
public class OnnxException extends Exception {
    private static final long serialVersionUID = 1L;

    public OnnxException(String message) {
        super(message);
    }

    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
