package scope.api.onnx;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/** The host's ONNX inference service: opens model files as sessions on the right execution provider. */
@ProviderType
public interface OnnxSessions {

    /**
     * Opens a model file.
     *
     * @throws OnnxException when the file is missing (the message names it) or cannot be loaded (the message names
     *                       the file and carries ONNX Runtime's reason)
     */
    InferenceSession open(Path model, SessionSettings settings) throws OnnxException;

    /** Opens a model file with the default settings. */
    default InferenceSession open(Path model) throws OnnxException {
        return open(model, SessionSettings.defaults());
    }
}
