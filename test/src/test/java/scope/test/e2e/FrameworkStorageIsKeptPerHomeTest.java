package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The launcher keeps the framework's storage under the home between starts: a second start on the same home uses
 * the bundles it installed before (the same files), keeps a plugin from the plugins folder, and drops one whose
 * jar was removed while the server was down; a storage written for another distribution is cleaned and filled
 * again; a second server on a home in use exits naming the home.
 */
public class FrameworkStorageIsKeptPerHomeTest {
    private static final String PLUGIN = "test.plugins.sample";

    @Test
    public void storageIsReusedForTheSameDistributionAndRebuiltForAnother() throws Exception {
        Path logs = E2e.TARGET.resolve("e2e").resolve("FrameworkStorageIsKeptPerHomeTest");
        Path home = Files.createTempDirectory("scope-e2e-home-");
        Path plugin = E2e.built("sample", PLUGIN);
        try {
            Object firstInstall;
            try (ScopeServer server = ScopeServer.start(logs.resolve("1-fresh"), Map.of(), home)) {
                assertTrue(Files.isRegularFile(home.resolve("cache/framework.digest")));
                firstInstall = installedFileKey(home);
                server.deployPlugin(plugin);
                awaitListed(server, true);
            }
            try (ScopeServer again = ScopeServer.start(logs.resolve("2-reused"), Map.of(), home)) {
                assertEquals("the same distribution's bundles are used as stored", firstInstall, installedFileKey(home));
                awaitListed(again, true);
                try (ScopeServer third = ScopeServer.start(logs.resolve("3-same-home"), Map.of(), home)) {
                    fail("a second server started on a home in use");
                } catch (IOException e) {
                    assertTrue(e.getMessage(), e.getMessage().contains("another Scope server is running with the "
                            + "home directory " + home.toAbsolutePath().normalize()));
                }
                assertEquals("the first server keeps serving", 200, again.get("/health").status());
            }
            Files.delete(home.resolve("plugins").resolve(plugin.getFileName()));
            try (ScopeServer again = ScopeServer.start(logs.resolve("4-plugin-removed"), Map.of(), home)) {
                awaitListed(again, false);
            }
            // as after an upgrade: the stored bundles belong to another distribution
            Files.writeString(home.resolve("cache/framework.digest"), "another distribution\n");
            Files.copy(plugin, home.resolve("plugins").resolve(plugin.getFileName()));
            try (ScopeServer again = ScopeServer.start(logs.resolve("5-other-distribution"), Map.of(), home)) {
                assertNotEquals("installed again into a cleaned storage", firstInstall, installedFileKey(home));
                assertNotEquals("another distribution\n", Files.readString(home.resolve("cache/framework.digest")));
                awaitListed(again, true);
            }
        } finally {
            Chromium.deleteTree(home);
        }
    }

    /** The identity (inode) of the stored copy of the first installed bundle: the same file when reused. */
    private static Object installedFileKey(Path home) throws IOException {
        Path storage = home.resolve("cache/framework");
        try (Stream<Path> files = Files.walk(storage.resolve("bundle1"))) {
            Path jar = files.filter(p -> p.getFileName().toString().equals("bundle.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no stored bundle in " + storage));
            return Files.readAttributes(jar, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        }
    }

    private static void awaitListed(ScopeServer server, boolean listed) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode plugins = null;
        while (System.nanoTime() < end) {
            plugins = server.get("/api/v1/plugins").json();
            boolean found = false;
            for (JsonNode p : plugins.get("plugins")) {
                if (PLUGIN.equals(p.get("name").asText())) {
                    assertEquals("folder", p.get("install_source").asText());
                    found = true;
                }
            }
            if (found == listed) {
                return;
            }
            Thread.sleep(200);
        }
        fail(PLUGIN + (listed ? " not listed: " : " still listed: ") + plugins);
    }
}
