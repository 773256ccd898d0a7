package scope.pipeline.wan.prepare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What identifies a source checkpoint for the conversion cache: its size, its modification time and a SHA-256 of
 * its first and last MiB. Not a hash of the whole file: reading 28 GB (Krea) or 11 GB (UMT5-XXL) at every start
 * and on every models-status poll would take minutes. The ends are where a replaced file shows even at the same
 * size: the safetensors header (every key, dtype and offset) is at the start, a PyTorch zip's central directory
 * (every entry and its CRC) at the end. The downloader already checks each file's full SHA-256 against the hub's
 * when it is fetched. Results are remembered per path, size and modification time.
 */
final class SourceFingerprint {
    static final int END_BYTES = 1 << 20;
    private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();

    private SourceFingerprint() {
    }

    static String of(Path file) throws IOException {
        long size = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        String id = file.toAbsolutePath().normalize() + "\n" + size + "\n" + modified;
        String known = KNOWN.get(id);
        if (known != null) {
            return known;
        }
        MessageDigest sha = sha256();
        sha.update((size + ":" + modified + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            digest(in, 0, Math.min(size, END_BYTES), sha);
            long tail = Math.max(Math.min(size, END_BYTES), size - END_BYTES);
            digest(in, tail, size - tail, sha);
        }
        String value = HexFormat.of().formatHex(sha.digest());
        KNOWN.put(id, value);
        return value;
    }

    /** The SHA-256 of text, in hex. */
    static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static void digest(FileChannel in, long from, long length, MessageDigest sha) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
        long at = from;
        long end = from + length;
        while (at < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
            int n = in.read(buffer, at);
            if (n < 0) {
                throw new IOException(in + " ended early");
            }
            buffer.flip();
            sha.update(buffer);
            at += n;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
