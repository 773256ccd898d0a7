package scope.graph;

import java.io.IOException;
import java.nio.FloatBuffer;

/** Receives a tensor's floats in C order, chunk by chunk. */
@FunctionalInterface
public interface FloatSink {
    /** Consumes the chunk's remaining floats; the buffer may be reused by the caller afterwards. */
    void accept(FloatBuffer chunk) throws IOException;
}
