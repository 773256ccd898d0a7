package scope.test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import scope.runtime.registry.PipelineRegistry;

/**
 * The plugin API over real FileInstall: uploads are validated before they reach the plugins folder, installed and
 * removed without a restart, listed with the right source; bad names, bad jars, oversized bodies and the platform's
 * own bundles are refused with clear errors; drop-folder files that are not bundles or do not resolve are listed as
 * failed with the reason.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginApiInstallsRemovesAndProtectsThePlatformTest {
    static final String JAR = "application/java-archive";

    @Inject
    BundleContext context;
    @Inject
    PipelineRegistry registry;
    @Inject
    ConfigurationAdmin config;
    Http http;

    @Configuration
    public Option[] config() {
        return Distribution.options(Distribution.freePort(), Distribution.newHome());
    }

    @Before
    public void up() throws Exception {
        http = new Http(Integer.parseInt(context.getProperty("scope.port")));
        http.awaitUp();
    }

    JsonNode plugin(String name) throws Exception {
        for (JsonNode p : http.get("/api/v1/plugins").json().get("plugins")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        return null;
    }

    List<String> folderFiles() throws Exception {
        try (Stream<Path> s = Files.list(HotSwap.pluginsFolder(context))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    public void uploadInstallsListsAsUploadAndDeleteUninstalls() throws Exception {
        byte[] jar = Files.readAllBytes(HotSwap.example("pipeline.invert"));
        Http.Response r = http.postBytes("/api/v1/plugins", JAR, jar);
        assertEquals(r.body(), 200, r.status());
        assertTrue(r.json().get("success").asBoolean());
        assertEquals("pipeline.invert", r.json().at("/plugin/name").asText());
        assertEquals("Scope's UI type for a plugin from a jar", "local", r.json().at("/plugin/source").asText());
        assertEquals("upload", r.json().at("/plugin/install_source").asText());
        assertEquals("active", r.json().at("/plugin/state").asText());
        assertEquals("invert", r.json().at("/plugin/pipelines/0/pipeline_id").asText());
        assertTrue("installed without a restart", registry.pipeline("invert").isPresent());
        assertTrue(folderFiles().contains("pipeline.invert.jar"));

        // the same upload again is an update of the same bundle, not a second bundle
        long id = r.json().at("/plugin/bundle_id").asLong();
        Http.Response again = http.postBytes("/api/v1/plugins", JAR,
                HotSwap.withVersion(HotSwap.example("pipeline.invert"), "0.3.0"));
        assertEquals(again.body(), 200, again.status());
        assertTrue(again.json().get("replaced").asBoolean());
        HotSwap.await("updated", 30, () -> registry.pipeline("invert")
                .map(p -> p.origin().version().equals("0.3.0")).orElse(false));
        assertEquals(id, plugin("pipeline.invert").get("bundle_id").asLong());

        http.post("/api/v1/pipeline/load",
                "{\"pipelines\":[{\"node_id\":\"invert\",\"pipeline_id\":\"invert\",\"load_params\":{}}]}");
        http.awaitSettled();
        Http.Response del = http.delete("/api/v1/plugins/pipeline.invert");
        assertEquals(del.body(), 200, del.status());
        assertEquals("invert", del.json().at("/unloaded_pipelines/0").asText());
        assertTrue(registry.pipeline("invert").isEmpty());
        assertEquals(null, plugin("pipeline.invert"));
        assertFalse(folderFiles().contains("pipeline.invert.jar"));
        assertEquals(404, http.delete("/api/v1/plugins/pipeline.invert").status());
    }

    @Test
    public void multipartUploadWorksAndADroppedFileIsListedAsFolder() throws Exception {
        byte[] jar = Files.readAllBytes(HotSwap.testPlugin("other"));
        String boundary = "scopeboundary42";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"other.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(jar);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        Http.Response r = http.postBytes("/api/v1/plugins", "multipart/form-data; boundary=" + boundary,
                body.toByteArray());
        assertEquals(r.body(), 200, r.status());
        assertEquals("test.plugins.other", r.json().at("/plugin/name").asText());
        assertEquals(200, http.delete("/api/v1/plugins/test.plugins.other").status());

        HotSwap.drop(context, HotSwap.testPlugin("other"), "hand-dropped.jar");
        HotSwap.await("dropped plugin listed", 30, () -> registry.pipeline("test-other").isPresent());
        assertEquals("local", plugin("test.plugins.other").get("source").asText());
        assertEquals("folder", plugin("test.plugins.other").get("install_source").asText());
        assertFalse(plugin("test.plugins.other").get("bundled").asBoolean());
        assertEquals("builtin", plugin("pipeline.builtin").get("source").asText());
        assertEquals("platform", plugin("pipeline.builtin").get("install_source").asText());
        assertTrue(plugin("pipeline.builtin").get("bundled").asBoolean());
        assertEquals(200, http.delete("/api/v1/plugins/test.plugins.other").status());
        assertFalse(folderFiles().contains("hand-dropped.jar"));
    }

    @Test
    public void invalidUploadsAreRefusedBeforeTouchingTheFolder() throws Exception {
        List<String> before = folderFiles();
        Http.Response notJar = http.postBytes("/api/v1/plugins", JAR, "not a jar".getBytes(StandardCharsets.UTF_8));
        assertEquals(notJar.body(), 400, notJar.status());
        assertTrue(notJar.json().get("detail").asText().contains("not a readable jar"));
        Http.Response noBsn = http.postBytes("/api/v1/plugins", JAR, HotSwap.jar(Map.of("Bundle-Version", "1.0")));
        assertEquals(400, noBsn.status());
        assertTrue(noBsn.json().get("detail").asText().contains("Bundle-SymbolicName"));
        Http.Response traversal = http.postBytes("/api/v1/plugins", JAR,
                HotSwap.jar(Map.of("Bundle-SymbolicName", "../../evil", "Bundle-ManifestVersion", "2")));
        assertEquals(400, traversal.status());
        Http.Response platform = http.postBytes("/api/v1/plugins", JAR,
                HotSwap.jar(Map.of("Bundle-SymbolicName", "scope.runtime", "Bundle-ManifestVersion", "2")));
        assertEquals(platform.body(), 403, platform.status());
        assertTrue(platform.json().get("detail").asText().contains("platform"));
        assertEquals(400, http.postBytes("/api/v1/plugins", JAR, new byte[0]).status());
        assertEquals(before, folderFiles());
    }

    @Test
    public void oversizedUploadIsRefusedWith413() throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("upload.max.mb", 1);
        config.getConfiguration("scope.plugins", "?").update(props);
        try {
            byte[] big = new byte[3 * 1024 * 1024];
            HotSwap.await("limit configured", 30, () -> {
                try {
                    return http.postBytes("/api/v1/plugins", JAR, big).status() == 413;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            config.getConfiguration("scope.plugins", "?").delete();
        }
    }

    @Test
    public void platformBundlesCannotBeRemovedOrReloadedAndNamesAreChecked() throws Exception {
        Http.Response del = http.delete("/api/v1/plugins/pipeline.builtin");
        assertEquals(del.body(), 403, del.status());
        assertTrue(del.json().get("detail").asText().contains("plugins folder"));
        assertEquals(403, http.post("/api/v1/plugins/scope.runtime/reload", "{}").status());
        assertTrue(registry.pipeline("passthrough").isPresent());
        assertEquals(404, http.delete("/api/v1/plugins/no.such.plugin").status());
        assertEquals(404, http.post("/api/v1/plugins/no.such.plugin/reload", "{}").status());
        int dots = http.delete("/api/v1/plugins/%2e%2e").status();
        assertEquals(400, dots);
        // refused by the container itself before any servlet: it answers and closes at once, which can reset a
        // client still writing its headers, so the request goes out in one write
        assertEquals(400, rawStatus("DELETE /api/v1/plugins/a%2fb HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n"));
    }

    private int rawStatus(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1",
                Integer.parseInt(context.getProperty("scope.port")))) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    @Test
    public void droppedFilesThatAreNotBundlesOrDoNotResolveAreListedAsFailed() throws Exception {
        Path folder = HotSwap.pluginsFolder(context);
        Path junk = Files.createTempFile("junk", ".jar");
        Files.writeString(junk, "definitely not a zip");
        HotSwap.drop(context, junk, "junk.jar");
        Path unresolvable = Files.createTempFile("unresolvable", ".jar");
        Files.write(unresolvable, HotSwap.jar(Map.of("Bundle-SymbolicName", "needs.missing",
                "Bundle-ManifestVersion", "2", "Import-Package", "no.such.package")));
        HotSwap.drop(context, unresolvable, "needs-missing.jar");
        HotSwap.await("both listed as failed", 30, () -> {
            try {
                JsonNode failed = http.get("/api/v1/plugins").json().get("failed_plugins");
                return failed.toString().contains("junk.jar") && failed.toString().contains("needs.missing");
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode junkEntry = null;
        JsonNode missing = null;
        for (JsonNode f : http.get("/api/v1/plugins").json().get("failed_plugins")) {
            if ("junk.jar".equals(f.get("file").asText())) {
                junkEntry = f;
            }
            if ("needs.missing".equals(f.get("package_name").asText())) {
                missing = f;
            }
        }
        assertNotNull(junkEntry);
        assertEquals("InvalidBundle", junkEntry.get("error_type").asText());
        assertNotNull(missing);
        assertEquals("ResolutionError", missing.get("error_type").asText());
        assertTrue(missing.get("error_message").asText(), missing.get("error_message").asText()
                .contains("no.such.package"));
        // failed files can be removed through the API too
        assertEquals(200, http.delete("/api/v1/plugins/junk.jar").status());
        assertEquals(200, http.delete("/api/v1/plugins/needs.missing").status());
        assertFalse(Files.exists(folder.resolve("junk.jar")));
        assertFalse(Files.exists(folder.resolve("needs-missing.jar")));
    }

    @Test
    public void anUpdateThatCannotResolveLeavesTheWorkingPluginInPlace() throws Exception {
        byte[] working = HotSwap.jar(Map.of("Bundle-SymbolicName", "keep.me", "Bundle-ManifestVersion", "2",
                "Bundle-Version", "1.0.0"));
        assertEquals(200, http.postBytes("/api/v1/plugins", JAR, working).status());
        byte[] broken = HotSwap.jar(Map.of("Bundle-SymbolicName", "keep.me", "Bundle-ManifestVersion", "2",
                "Bundle-Version", "1.1.0", "Import-Package", "no.such.package;version=\"[1,2)\""));
        Http.Response r = http.postBytes("/api/v1/plugins", JAR, broken);
        assertEquals(r.body(), 422, r.status());
        assertTrue(r.body(), r.json().get("detail").asText().contains("no.such.package"));
        assertTrue(r.body(), r.json().get("detail").asText().contains("nothing was changed"));
        Path file = HotSwap.pluginsFolder(context).resolve("keep.me.jar");
        assertTrue("the working jar is untouched", java.util.Arrays.equals(working, Files.readAllBytes(file)));
        assertEquals("1.0.0", HotSwap.bundle(context, "keep.me").getVersion().toString());
        assertEquals(org.osgi.framework.Bundle.ACTIVE, HotSwap.bundle(context, "keep.me").getState());
        assertEquals(200, http.delete("/api/v1/plugins/keep.me").status());
    }

    @Test
    public void pluginsCannotTakeAPlatformNameOrExportAPlatformPackage() throws Exception {
        org.osgi.framework.Bundle runtime = HotSwap.bundle(context, "scope.runtime");
        Path folder = HotSwap.pluginsFolder(context);
        Path quarantine = folder.resolveSibling("quarantine");
        byte[] impostor = HotSwap.jar(Map.of("Bundle-SymbolicName", "scope.runtime", "Bundle-ManifestVersion", "2",
                "Bundle-Version", runtime.getVersion().toString()));
        byte[] secondApi = HotSwap.jar(Map.of("Bundle-SymbolicName", "shadow.api", "Bundle-ManifestVersion", "2",
                "Bundle-Version", "1.0.0", "Export-Package", "scope.api;version=\"99.0.0\""));
        assertEquals("upload of a platform name", 403, http.postBytes("/api/v1/plugins", JAR, impostor).status());
        Http.Response api = http.postBytes("/api/v1/plugins", JAR, secondApi);
        assertEquals(api.body(), 403, api.status());
        assertTrue(api.body(), api.body().contains("scope.api"));

        Path a = Files.createTempFile("impostor", ".jar");
        Files.write(a, impostor);
        HotSwap.drop(context, a, "impostor.jar");
        Path b = Files.createTempFile("shadow", ".jar");
        Files.write(b, secondApi);
        HotSwap.drop(context, b, "shadow-api.jar");
        HotSwap.await("both quarantined", 30, () -> Files.exists(quarantine.resolve("impostor.jar"))
                && Files.exists(quarantine.resolve("shadow-api.jar")));
        assertFalse(Files.exists(folder.resolve("impostor.jar")));
        assertFalse(Files.exists(folder.resolve("shadow-api.jar")));
        String failed = http.get("/api/v1/plugins").json().get("failed_plugins").toString();
        assertTrue(failed, failed.contains("impostor.jar") && failed.contains("shadow-api.jar")
                && failed.contains("Refused"));
        assertEquals("the platform bundle was not replaced", runtime.getLastModified(),
                HotSwap.bundle(context, "scope.runtime").getLastModified());
        assertEquals(200, http.get("/api/v1/pipelines/schemas").status());
        assertEquals(null, HotSwap.bundle(context, "shadow.api"));
        // a plugin installed afterwards still wires to the platform's scope.api and registers its pipeline
        Http.Response invert = http.postBytes("/api/v1/plugins", JAR,
                Files.readAllBytes(HotSwap.example("pipeline.invert")));
        assertEquals(invert.body(), 200, invert.status());
        assertTrue(registry.pipeline("invert").isPresent());
        assertEquals(200, http.delete("/api/v1/plugins/pipeline.invert").status());
    }
}
