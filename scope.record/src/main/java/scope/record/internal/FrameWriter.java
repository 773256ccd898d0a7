package scope.record.internal;

import java.io.IOException;

/** Writes timed RGB frames into one file. Not thread-safe: one recording thread uses it. */
interface FrameWriter {
    /**
     * Encodes one frame.
     *
     * @param rgb        packed RGB of {@code width x height}; frames of another size than the first are scaled
     * @param atMicros   its presentation time from the start of the recording, increasing
     */
    void write(byte[] rgb, int width, int height, long atMicros) throws IOException;

    /** Flushes the encoder and writes the index: the file is playable afterwards. */
    void finish() throws IOException;

    /** Releases everything (after {@link #finish} or instead of it); never throws. */
    void release();

    /** Opens a writer for a file, sized by the first frame. */
    interface Factory {
        FrameWriter open(java.nio.file.Path file, int width, int height) throws IOException;
    }
}
