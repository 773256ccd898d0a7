package scope.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import scope.checkpoint.internal.SafetensorsCheckpoint;
import scope.checkpoint.internal.TorchZipCheckpoint;

/** Opens checkpoint files, recognising the format by the file's first bytes (not its name). */
public final class Checkpoints {
    private Checkpoints() {
    }

    /**
     * Opens a checkpoint: a zip archive (first bytes {@code PK\3\4}) is read as a PyTorch checkpoint written by
     * {@code torch.save}, anything else as safetensors. Fails naming the file when it is neither or is malformed.
     */
    public static Checkpoint open(Path file) throws CheckpointException {
        byte[] magic = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(magic, 0, 4);
        } catch (IOException e) {
            throw new CheckpointException(file, null, "cannot be read: " + e, e);
        }
        if (n == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            return TorchZipCheckpoint.open(file);
        }
        if (n == 4 && (magic[0] & 0xff) == 0x80 && magic[1] == 2 && (magic[2] & 0xff) == 0x8a && magic[3] == 10) {
            // a bare pickle stream starting with torch's magic number (PROTO 2, LONG1 of 10 bytes): torch.save's format before 1.6 (_use_new_zipfile_serialization=False)
            throw new CheckpointException(file, "a legacy (pre-1.6, non-zip) PyTorch checkpoint, which is not supported:"
                    + " re-save it with a current torch.save or as safetensors");
        }
        return SafetensorsCheckpoint.open(file);
    }
}
