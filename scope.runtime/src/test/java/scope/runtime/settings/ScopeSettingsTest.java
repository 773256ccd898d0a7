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
    void aUiDirectoryMustHoldAnIndexHtml() throws Exception {
        assertNull(ScopeSettings.uiDirectory(null), "not set: our own UI at /");
        Path dist = Files.createDirectories(dir.resolve("dist"));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ScopeSettings.uiDirectory(dist.toString()));
        assertTrue(e.getMessage().contains(dist.toString()) && e.getMessage().contains("index.html"), e.getMessage());
        Files.writeString(dist.resolve("index.html"), "<!doctype html>");
        assertEquals(dist, ScopeSettings.uiDirectory(" " + dist.resolve("x/..") + " "));
        assertNull(new ScopeSettings(dir.resolve("home"), "127.0.0.1", 8000).uiDir());
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
        assertTrue(new ScopeSettings(dir, "127.8.9.10", 1).isLoopbackOnly(), "all of 127/8 is loopback");
        assertTrue(new ScopeSettings(dir, "[::1]", 1).isLoopbackOnly());
        assertFalse(new ScopeSettings(dir, "127.0.0.1.nip.invalid", 1).isLoopbackOnly(),
                "a name that merely starts like a loopback address is not loopback");
        assertFalse(new ScopeSettings(dir, "::", 1).isLoopbackOnly());
    }

    @Test
    void aSecondServerCannotTakeTheSameHome() {
        HomeLock first = HomeLock.acquire(dir);
        try {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> HomeLock.acquire(dir));
            assertTrue(e.getMessage().contains("another Scope server"), e.getMessage());
        } finally {
            first.release();
        }
        HomeLock.acquire(dir).release();
    }

    @Test
    void aPortInUseIsAStartError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> PortCheck.requireFree("127.0.0.1", taken.getLocalPort()));
            assertTrue(e.getMessage().contains(":" + taken.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void theLogRollsBySizeWhileRunning() throws Exception {
        Path log = dir.resolve("scope.log");
        try (LogFile.RollingFile file = new LogFile.RollingFile(log, 100, 3)) {
            byte[] line = "0123456789012345678901234567890123456789\n".getBytes();
            for (int i = 0; i < 20; i++) {
                file.write(line, 0, line.length);
            }
        }
        assertTrue(Files.size(log) <= 100, "current file within its limit");
        assertTrue(Files.exists(dir.resolve("scope.log.1")) && Files.exists(dir.resolve("scope.log.3")));
        assertFalse(Files.exists(dir.resolve("scope.log.4")), "only three old files are kept");
    }

    @Test
    void accessListsAreNormalised() {
        assertEquals(java.util.List.of("https://studio.example", "http://10.0.0.2:8000"),
                AccessSettings.list(" https://Studio.example/, http://10.0.0.2:8000 "));
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
