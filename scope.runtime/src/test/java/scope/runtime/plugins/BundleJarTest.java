package scope.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleJarTest {
    private static final String MANIFEST = "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\n"
            + "Bundle-SymbolicName: some.plugin\r\nBundle-Version: 1.2.3\r\nExport-Package: a.b;version=\"1.0\"\r\n\r\n";

    @TempDir
    Path dir;

    private Path zip(String name, String... entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream out = new ZipOutputStream(raw)) {
            for (int i = 0; i < entries.length; i += 2) {
                out.putNextEntry(new ZipEntry(entries[i]));
                out.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return file;
    }

    @Test
    void aWellFormedBundleIsRead() throws Exception {
        Path jar = zip("ok.jar", "META-INF/MANIFEST.MF", MANIFEST, "a/b/X.class", "x".repeat(1000));
        BundleJar b = BundleJar.read(jar, Files.size(jar));
        assertEquals("some.plugin", b.symbolicName());
        assertEquals("1.2.3", b.version());
        assertEquals(java.util.List.of("a.b"), b.exportedPackages());
    }

    @Test
    void aManifestThatIsNotFirstIsRefusedAsTheFrameworkWouldFailOnIt() throws Exception {
        Path jar = zip("late.jar", "a.txt", "first", "META-INF/MANIFEST.MF", MANIFEST);
        PluginException e = assertThrows(PluginException.class, () -> BundleJar.read(jar, Files.size(jar)));
        assertTrue(e.getMessage().contains("first entry"), e.getMessage());
    }

    @Test
    void anEntryWhoseBytesAreDamagedIsRefused() throws Exception {
        Path jar = zip("damaged.jar", "META-INF/MANIFEST.MF", MANIFEST, "data.bin", "y".repeat(4000));
        byte[] bytes = Files.readAllBytes(jar);
        // flip a byte inside the second entry's compressed data, leaving the central directory intact
        int at = indexOf(bytes, "data.bin".getBytes(StandardCharsets.UTF_8)) + "data.bin".length() + 4;
        bytes[at] ^= 0x5A;
        Files.write(jar, bytes);
        assertThrows(PluginException.class, () -> BundleJar.read(jar, Files.size(jar)));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
