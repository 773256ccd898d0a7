package scope.runtime.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopeSettingsTest {
    @TempDir
    Path dir;

    @Test
    void flagsAcceptSpaceAndEqualsForms() {
        String[] args = {"--port", "9000", "--home=/data/scope"};
        assertEquals("9000", ScopeSettings.flag(args, "--port"));
        assertEquals("/data/scope", ScopeSettings.flag(args, "--home"));
        assertNull(ScopeSettings.flag(args, "--host"));
        assertNull(ScopeSettings.flag(new String[] {"--port"}, "--port"), "a flag without value is ignored");
    }

    @Test
    void homeSubdirectoriesAreCreated() {
        ScopeSettings s = new ScopeSettings(dir.resolve("home"), "127.0.0.1", 8000);
        for (String d : ScopeSettings.SUBDIRECTORIES) {
            assertTrue(Files.isDirectory(s.home().resolve(d)), d);
        }
        assertEquals(s.home().resolve("plugins"), s.plugins());
    }

    @Test
    void onlyLoopbackHostsCountAsLoopback() {
        assertTrue(new ScopeSettings(dir, "127.0.0.1", 1).isLoopbackOnly());
        assertTrue(new ScopeSettings(dir, "localhost", 1).isLoopbackOnly());
        assertFalse(new ScopeSettings(dir, "0.0.0.0", 1).isLoopbackOnly());
        assertFalse(new ScopeSettings(dir, "192.168.1.5", 1).isLoopbackOnly());
    }

    @Test
    void consolePasswordIsGeneratedOnceAndKeptPrivate() throws Exception {
        Path file = dir.resolve("console-password");
        String first = PlatformProperties.consolePassword(file);
        assertEquals(24, first.length());
        assertEquals(first, PlatformProperties.consolePassword(file), "stable across restarts");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
    }
}
