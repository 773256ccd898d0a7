package scope.runtime.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A secret that lives in {@code <home>/conf}: the value of an environment variable when set, else the file's
 * content, else a fresh random value written to the file, readable by its owner only. Stable across restarts.
 */
final class SecretFile {
    private SecretFile() {
    }

    /** @return the secret, and whether it was generated just now (callers log where it is then) */
    static Secret readOrCreate(Path file, String fromEnvironment, int randomBytes) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Secret(fromEnvironment.trim(), false);
        }
        try {
            if (Files.isRegularFile(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!stored.isEmpty()) {
                    return new Secret(stored, false);
                }
            }
            byte[] random = new byte[randomBytes];
            new SecureRandom().nextBytes(random);
            String value = HexFormat.of().formatHex(random);
            Files.createDirectories(file.getParent());
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            return new Secret(value, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a secret in " + file, e);
        }
    }

    record Secret(String value, boolean generated) {
    }
}
