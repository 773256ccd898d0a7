package scope.runtime.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.api.ModeDefaults;
import scope.api.Pipeline;
import scope.api.PipelineDescriptor;
import scope.api.PipelineOutput;
import scope.api.PipelinePlugin;
import scope.api.Requirements;
import scope.api.config.BasePipelineConfig;
import scope.runtime.gpu.HardwareService;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.registry.PluginOrigin;
import scope.runtime.schema.FieldError;
import scope.runtime.schema.ValidationException;

/** The resolver against a registry with Scope's pipelines and their VRAM estimates, on the spec's example files. */
class WorkflowResolverTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    Path loraDir;
    PipelineRegistry registry;

    static PipelinePlugin plugin(String id, Double vram) {
        return register -> {
            PipelineDescriptor.Builder b = PipelineDescriptor.builder(id, BasePipelineConfig.class).name(id)
                    .mode("video", ModeDefaults.defaultMode());
            if (vram != null) {
                b.estimatedVramGb(vram);
            }
            register.register(b.factory(ctx -> new Pipeline() {
                    @Override
                    public Requirements prepare(scope.api.Parameters p) {
                        return null;
                    }

                    @Override
                    public PipelineOutput process(scope.api.PipelineCall c) {
                        return PipelineOutput.empty();
                    }

                    @Override
                    public void close() {
                    }
                }).build());
        };
    }

    @BeforeEach
    void setUp() throws IOException {
        loraDir = home.resolve("models/lora");
        Files.createDirectories(loraDir);
        registry = new PipelineRegistry();
        registry.register(new PluginOrigin(1, "pipeline.builtin", "0.1.0", "", "file:/b.jar"), plugin("passthrough", null));
        registry.register(new PluginOrigin(2, "pipeline.longlive", "0.1.0", "", "file:/l.jar"), plugin("longlive", 20.0));
        registry.register(new PluginOrigin(3, "pipeline.krea", "0.1.0", "", "file:/k.jar"),
                plugin("krea-realtime-video", 32.0));
        registry.register(new PluginOrigin(4, "pipeline.preprocess.depth", "0.1.0", "", "file:/d.jar"),
                plugin("video-depth-anything", 1.0));
    }

    WorkflowResolver resolver(double vram) {
        return new WorkflowResolver(registry, HardwareService.withVram(vram), () -> loraDir, "0.1.0.SNAPSHOT");
    }

    static ObjectNode fixture(String name) throws IOException {
        try (InputStream in = WorkflowResolverTest.class.getResourceAsStream("/workflows/" + name)) {
            assertNotNull(in, name);
            return (ObjectNode) JSON.readTree(in);
        }
    }

    static ResolveItem item(Resolution r, String kind, String name) {
        return r.items().stream().filter(i -> i.kind().equals(kind) && i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + r.items()));
    }

    static List<String> fields(ValidationException e) {
        return e.errors().stream().map(FieldError::field).collect(Collectors.toList());
    }

    @Test
    void specExampleReportsTheMissingPluginAndItsPipelineButNotTheLoraAsBlocking() throws Exception {
        Resolution r = resolver(24).resolve(fixture("depth-longlive-yolo.scope-workflow.json"));
        assertEquals("scope-workflow", r.format());
        assertEquals("ok", item(r, "pipeline", "video-depth-anything").status());
        assertEquals("ok", item(r, "pipeline", "longlive").status());
        ResolveItem plugin = item(r, "plugin", "scope-yolo");
        assertEquals("missing", plugin.status());
        assertTrue(plugin.action().contains("git+https://github.com/x/scope-yolo"), plugin.action());
        assertEquals("missing", item(r, "pipeline", "yolo").status());
        ResolveItem lora = item(r, "lora", "style.safetensors");
        assertEquals("missing", lora.status());
        assertTrue(lora.action().contains("user/repo"), lora.action());
        assertFalse(r.canApply());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void installedPluginAndLoraFileMakeTheWorkflowApplicable() throws Exception {
        registry.register(new PluginOrigin(9, "scope-yolo", "0.1.0", "", "file:/y.jar"), plugin("yolo", null));
        Files.writeString(loraDir.resolve("style.safetensors"), "weights");
        Resolution r = resolver(24).resolve(fixture("depth-longlive-yolo.scope-workflow.json"));
        assertTrue(r.items().stream().allMatch(i -> i.status().equals("ok")), r.items().toString());
        assertTrue(r.canApply());
    }

    @Test
    void olderInstalledPluginIsAVersionMismatch() throws Exception {
        registry.register(new PluginOrigin(9, "scope-yolo", "0.0.9", "", "file:/y.jar"), plugin("yolo", null));
        Resolution r = resolver(24).resolve(fixture("depth-longlive-yolo.scope-workflow.json"));
        ResolveItem plugin = item(r, "plugin", "scope-yolo");
        assertEquals("version_mismatch", plugin.status());
        assertTrue(plugin.detail().contains("0.0.9"), plugin.detail());
        assertFalse(r.canApply());
    }

    @Test
    void pipelineThatDoesNotFitTheVramIsUnavailableWithTheFilterReason() throws Exception {
        Resolution r = resolver(8).resolve(fixture("depth-longlive-yolo.scope-workflow.json"));
        ResolveItem longlive = item(r, "pipeline", "longlive");
        assertEquals("unavailable", longlive.status());
        assertTrue(longlive.detail().contains("20 GB") && longlive.detail().contains("8 GB"), longlive.detail());
        assertEquals("ok", item(r, "pipeline", "video-depth-anything").status());
        assertFalse(r.canApply());
    }

    @Test
    void legacyTimelineIsDetectedAndItsPipelineChecked() throws Exception {
        Resolution small = resolver(24).resolve(fixture("krea-flower-bloom.timeline.json"));
        assertEquals("timeline", small.format());
        assertEquals(1, small.items().size());
        assertEquals("unavailable", item(small, "pipeline", "krea-realtime-video").status());
        assertFalse(small.canApply());
        assertTrue(small.warnings().stream().anyMatch(w -> w.contains("Legacy timeline")), small.warnings().toString());

        Resolution big = resolver(80).resolve(fixture("krea-flower-bloom.timeline.json"));
        assertEquals("ok", item(big, "pipeline", "krea-realtime-video").status());
        assertTrue(big.canApply());
    }

    @Test
    void extraFieldsAndOddNumberFormattingAreAccepted() throws Exception {
        Resolution r = resolver(0).resolve(fixture("passthrough-minimal.scope-workflow.json"));
        assertEquals(List.of(new ResolveItem("pipeline", "passthrough", "ok", null, null, false)), r.items());
        assertTrue(r.canApply());
    }

    @Test
    void newerScopeVersionsGiveWarningsNotErrors() throws Exception {
        ObjectNode wf = fixture("passthrough-minimal.scope-workflow.json");
        wf.put("min_scope_version", "9.0.0");
        ((ObjectNode) wf.get("metadata")).put("scope_version", "9.1.0");
        Resolution r = resolver(0).resolve(wf);
        assertTrue(r.canApply());
        assertEquals(2, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().get(0).contains("requires Scope >= 9.0.0"), r.warnings().get(0));
        assertTrue(r.warnings().get(1).contains("9.1.0"), r.warnings().get(1));

        wf.put("min_scope_version", "0.1.0");
        ((ObjectNode) wf.get("metadata")).put("scope_version", "0.1.0");
        assertEquals(List.of(), resolver(0).resolve(wf).warnings());

        wf.put("min_scope_version", "latest");
        assertTrue(resolver(0).resolve(wf).warnings().get(0).startsWith("Could not verify"));
    }

    @Test
    void loraNamesThatLeaveTheLoraDirectoryAreInvalidAndNeverProbed() throws Exception {
        Files.writeString(home.resolve("models/secret.safetensors"), "not a lora");
        ObjectNode wf = fixture("passthrough-minimal.scope-workflow.json");
        ArrayNode loras = ((ObjectNode) wf.get("pipelines").get(0)).putArray("loras");
        loras.addObject().put("filename", "../secret.safetensors");
        loras.addObject().put("filename", "/etc/passwd");
        Resolution r = resolver(0).resolve(wf);
        assertEquals("Invalid LoRA filename", item(r, "lora", "../secret.safetensors").detail());
        assertEquals("Invalid LoRA filename", item(r, "lora", "/etc/passwd").detail());
        assertTrue(r.canApply(), "LoRAs never block");
    }

    @Test
    void resolvingChangesNothing() throws Exception {
        long generation = registry.generation();
        resolver(24).resolve(fixture("depth-longlive-yolo.scope-workflow.json"));
        assertEquals(generation, registry.generation());
        try (Stream<Path> files = Files.list(loraDir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void malformedBodiesAreRejectedNamingTheField() throws Exception {
        WorkflowResolver res = resolver(24);
        assertEquals(List.of("body"), fields(assertThrows(ValidationException.class,
                () -> res.resolve(JSON.readTree("[1,2]")))));
        assertEquals(List.of("pipelines"), fields(assertThrows(ValidationException.class,
                () -> res.resolve(JSON.readTree("{\"format\":\"scope-workflow\",\"pipelines\":{}}")))));
        assertEquals(List.of("pipelines"), fields(assertThrows(ValidationException.class,
                () -> res.resolve(JSON.readTree("{\"format\":\"scope-workflow\",\"pipelines\":[]}")))));
        assertEquals(List.of("format"), fields(assertThrows(ValidationException.class,
                () -> res.resolve(JSON.readTree("{\"format\":\"other\",\"pipelines\":[{\"pipeline_id\":\"x\"}]}")))));
        assertEquals(List.of("pipelines[0].pipeline_id", "pipelines[1].source.type", "nodes[0]"),
                fields(assertThrows(ValidationException.class, () -> res.resolve(JSON.readTree(
                        "{\"pipelines\":[{\"pipeline_id\":7},{\"pipeline_id\":\"a\",\"source\":{\"type\":\"ftp\"}}],"
                                + "\"nodes\":[\"scheduler\"]}")))));
        assertEquals(List.of("settings.pipelineId"), fields(assertThrows(ValidationException.class,
                () -> res.resolve(JSON.readTree("{\"settings\":{\"seed\":1},\"prompts\":[]}")))));
        assertEquals(List.of("min_scope_version"), fields(assertThrows(ValidationException.class,
                () -> res.resolve(JSON.readTree("{\"pipelines\":[{\"pipeline_id\":\"a\"}],\"min_scope_version\":3}")))));

        ObjectNode tooMany = JSON.createObjectNode();
        ArrayNode nodes = tooMany.putArray("nodes");
        for (int i = 0; i <= WorkflowResolver.MAX_NODES; i++) {
            nodes.addObject().put("node_type_id", "n" + i);
        }
        assertEquals(List.of("nodes"), fields(assertThrows(ValidationException.class, () -> res.resolve(tooMany))));

        ObjectNode longName = fixture("passthrough-minimal.scope-workflow.json");
        ((ObjectNode) longName.get("pipelines").get(0)).putArray("loras").addObject()
                .put("filename", "x".repeat(WorkflowResolver.MAX_FILENAME + 1));
        assertEquals(List.of("pipelines[0].loras[0].filename"),
                fields(assertThrows(ValidationException.class, () -> res.resolve(longName))));

        ObjectNode manyLoras = fixture("passthrough-minimal.scope-workflow.json");
        ArrayNode l = ((ObjectNode) manyLoras.get("pipelines").get(0)).putArray("loras");
        for (int i = 0; i <= WorkflowResolver.MAX_LORAS; i++) {
            l.addObject().put("filename", "l" + i);
        }
        assertEquals(List.of("pipelines[0].loras"),
                fields(assertThrows(ValidationException.class, () -> res.resolve(manyLoras))));
    }

    @Test
    void nodeTypeIdIsTheNameOfNodesAndUnknownNodesAreMissing() throws Exception {
        JsonNode wf = JSON.readTree("{\"nodes\":[{\"node_type_id\":\"passthrough\"},{\"node_type_id\":\"scheduler\","
                + "\"source\":{\"type\":\"builtin\"}}]}");
        Resolution r = resolver(0).resolve(wf);
        assertEquals("ok", item(r, "pipeline", "passthrough").status());
        assertEquals("missing", item(r, "node", "scheduler").status());
        assertFalse(r.canApply());
    }

    @Test
    void sourcesOurPluginListReportedEarlierStillResolve() throws Exception {
        for (String type : List.of("platform", "folder", "upload", "console", "local", "builtin")) {
            JsonNode wf = JSON.readTree("{\"pipelines\":[{\"pipeline_id\":\"passthrough\",\"source\":{\"type\":\""
                    + type + "\"}}]}");
            assertEquals("ok", item(resolver(0).resolve(wf), "pipeline", "passthrough").status(), type);
        }
    }
}
