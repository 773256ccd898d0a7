package scope.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import scope.runtime.gpu.Availability;
import scope.runtime.gpu.HardwareService;
import scope.runtime.registry.FailedPlugin;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.registry.PluginOrigin;
import scope.runtime.registry.RegisteredPipeline;
import scope.runtime.schema.FieldError;
import scope.runtime.schema.ValidationException;

/**
 * Checks what a workflow needs against this server (spec 1.9, 8.2) without changing anything: pipelines (registered
 * and fitting the VRAM), plugins (bundles by symbolic name) and LoRA files (under the LoRA directory).
 *
 * <p>Both formats are accepted and told apart by their shape: a {@code .scope-workflow.json} ({@code format},
 * {@code pipelines} and/or {@code nodes}) and the legacy prompt-timeline export ({@code settings.pipelineId} with a
 * {@code prompts} array, spec 8.3). Workflow files are untrusted: every field this class reads is type-checked and
 * bounded, errors name the field, and unknown fields are ignored.
 */
public final class WorkflowResolver {
    /** Bounds from Scope's request model; larger lists are an error, not something to walk. */
    public static final int MAX_NODES = 150;
    public static final int MAX_LORAS = 100;
    public static final int MAX_FILENAME = 255;
    static final Set<String> SOURCE_TYPES = Set.of("builtin", "pypi", "git", "local");
    /** What our plugin list reported as source before it used Scope's names: workflows exported then still import. */
    static final java.util.Map<String, String> LEGACY_SOURCE_TYPES = java.util.Map.of("platform", "builtin",
            "folder", "local", "upload", "local", "console", "local");

    private final PipelineRegistry registry;
    private final HardwareService hardware;
    private final Supplier<Path> loraDir;
    private final String serverVersion;

    /**
     * @param loraDir       where LoRA files live ({@code <home>/models/lora}); read on every call
     * @param serverVersion the running server's version, for {@code min_scope_version} and {@code scope_version}
     */
    public WorkflowResolver(PipelineRegistry registry, HardwareService hardware, Supplier<Path> loraDir,
            String serverVersion) {
        this.registry = registry;
        this.hardware = hardware;
        this.loraDir = loraDir;
        this.serverVersion = serverVersion;
    }

    private record Lora(String filename, JsonNode provenance) {
    }

    private record Entry(String kind, String id, String sourceType, String pluginName, String pluginVersion,
            String packageSpec, List<Lora> loras) {
    }

    /** @throws ValidationException when the body is not a workflow; each error names its field */
    public Resolution resolve(JsonNode body) throws ValidationException {
        if (body == null || !body.isObject()) {
            throw new ValidationException("body", "expected a JSON object (a workflow)");
        }
        List<FieldError> errors = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String format;
        if (isTimeline(body)) {
            format = "timeline";
            parseTimeline(body, entries, errors);
            warnings.add("Legacy timeline workflow: only its pipeline and LoRAs are checked; "
                    + "importing it updates the UI settings, it never loads anything by itself.");
        } else {
            format = "scope-workflow";
            parseWorkflow(body, entries, warnings, errors);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        List<ResolveItem> items = new ArrayList<>();
        for (Entry e : entries) {
            items.addAll(resolve(e));
        }
        boolean canApply = items.stream().noneMatch(ResolveItem::blocks);
        return new Resolution(canApply, items, warnings, format);
    }

    private static boolean isTimeline(JsonNode body) {
        return !body.has("format") && !body.has("pipelines") && !body.has("nodes") && body.has("settings");
    }

    // ---- parsing -------------------------------------------------------------------------------------------------

    private void parseWorkflow(JsonNode body, List<Entry> entries, List<String> warnings, List<FieldError> errors) {
        JsonNode format = body.get("format");
        if (format != null && !format.isNull() && !"scope-workflow".equals(format.asText(null))) {
            errors.add(new FieldError("format", "expected \"scope-workflow\""));
        }
        JsonNode pipelines = body.get("pipelines");
        JsonNode nodes = body.get("nodes");
        int total = 0;
        for (String field : List.of("pipelines", "nodes")) {
            JsonNode list = body.get(field);
            if (list == null || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                errors.add(new FieldError(field, "expected an array"));
                continue;
            }
            total += list.size();
        }
        if (total > MAX_NODES) {
            errors.add(new FieldError("nodes", "at most " + MAX_NODES + " pipelines and nodes, got " + total));
            return;
        }
        // legacy "pipelines" come first, as in Scope (which prepends them to "nodes")
        parseEntries(pipelines, "pipelines", "pipeline", entries, errors);
        parseEntries(nodes, "nodes", "node", entries, errors);
        if (errors.isEmpty() && entries.isEmpty()) {
            errors.add(new FieldError("pipelines", "a workflow names at least one pipeline"));
        }
        JsonNode metadata = body.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            errors.add(new FieldError("metadata", "expected an object"));
        }
        String exportedBy = optionalText(metadata == null ? null : metadata.get("scope_version"),
                "metadata.scope_version", errors);
        String minVersion = optionalText(body.get("min_scope_version"), "min_scope_version", errors);
        if (minVersion != null) {
            int cmp = Versions.compare(minVersion, serverVersion);
            if (cmp == Versions.UNPARSABLE) {
                warnings.add("Could not verify the required Scope version '" + minVersion + "' (installed: "
                        + serverVersion + ")");
            } else if (cmp > 0) {
                warnings.add("This workflow requires Scope >= " + minVersion + " (installed: " + serverVersion + ")");
            }
        }
        if (exportedBy != null && Versions.compare(exportedBy, serverVersion) > 0) {
            warnings.add("This workflow was exported by a newer Scope (" + exportedBy + ", installed: "
                    + serverVersion + "); settings this server does not know are ignored");
        }
    }

    private void parseEntries(JsonNode list, String field, String kind, List<Entry> entries,
            List<FieldError> errors) {
        if (list == null || !list.isArray()) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            JsonNode n = list.get(i);
            if (!n.isObject()) {
                errors.add(new FieldError(at, "expected an object"));
                continue;
            }
            // nodes use node_type_id; pipeline_id is its alias (and the only name in "pipelines" entries)
            String idField = n.hasNonNull("node_type_id") ? "node_type_id" : "pipeline_id";
            String id = requiredText(n.get(idField), at + "." + idField, errors);
            String sourceType = "builtin";
            String pluginName = null;
            String pluginVersion = null;
            String spec = null;
            JsonNode source = n.get("source");
            if (source != null && !source.isNull()) {
                if (!source.isObject()) {
                    errors.add(new FieldError(at + ".source", "expected an object"));
                } else {
                    String t = optionalText(source.get("type"), at + ".source.type", errors);
                    t = t == null ? null : LEGACY_SOURCE_TYPES.getOrDefault(t, t);
                    if (t != null && !SOURCE_TYPES.contains(t)) {
                        errors.add(new FieldError(at + ".source.type", "expected one of builtin, pypi, git, local"));
                    } else if (t != null) {
                        sourceType = t;
                    }
                    pluginName = optionalText(source.get("plugin_name"), at + ".source.plugin_name", errors);
                    pluginVersion = optionalText(source.get("plugin_version"), at + ".source.plugin_version", errors);
                    spec = optionalText(source.get("package_spec"), at + ".source.package_spec", errors);
                }
            }
            JsonNode params = n.get("params");
            if (params != null && !params.isNull() && !params.isObject()) {
                errors.add(new FieldError(at + ".params", "expected an object"));
            }
            List<Lora> loras = parseLoras(n.get("loras"), at + ".loras", errors);
            if (id != null) {
                entries.add(new Entry(kind, id, sourceType, pluginName, pluginVersion, spec, loras));
            }
        }
    }

    private static List<Lora> parseLoras(JsonNode list, String at, List<FieldError> errors) {
        List<Lora> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            errors.add(new FieldError(at, "expected an array"));
            return out;
        }
        if (list.size() > MAX_LORAS) {
            errors.add(new FieldError(at, "at most " + MAX_LORAS + " LoRAs, got " + list.size()));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode l = list.get(i);
            String li = at + "[" + i + "]";
            if (!l.isObject()) {
                errors.add(new FieldError(li, "expected an object"));
                continue;
            }
            // .scope-workflow.json says "filename"; the legacy timeline's settings.loras say "path"
            String field = l.has("filename") || !l.has("path") ? "filename" : "path";
            String name = requiredText(l.get(field), li + "." + field, errors);
            if (name != null && name.length() > MAX_FILENAME) {
                errors.add(new FieldError(li + "." + field, "at most " + MAX_FILENAME + " characters"));
                continue;
            }
            JsonNode provenance = l.get("provenance");
            if (provenance != null && !provenance.isNull() && !provenance.isObject()) {
                errors.add(new FieldError(li + ".provenance", "expected an object"));
                continue;
            }
            if (name != null) {
                out.add(new Lora(field.equals("path") ? baseName(name) : name, provenance));
            }
        }
        return out;
    }

    private static void parseTimeline(JsonNode body, List<Entry> entries, List<FieldError> errors) {
        JsonNode settings = body.get("settings");
        if (!settings.isObject()) {
            errors.add(new FieldError("settings", "expected an object"));
            return;
        }
        JsonNode prompts = body.get("prompts");
        if (prompts != null && !prompts.isNull() && !prompts.isArray()) {
            errors.add(new FieldError("prompts", "expected an array"));
        }
        String id = requiredText(settings.get("pipelineId"), "settings.pipelineId", errors);
        JsonNode resolution = settings.get("resolution");
        if (resolution != null && !resolution.isNull() && !resolution.isObject()) {
            errors.add(new FieldError("settings.resolution", "expected an object"));
        }
        List<Lora> loras = parseLoras(settings.get("loras"), "settings.loras", errors);
        if (id != null) {
            entries.add(new Entry("pipeline", id, "builtin", null, null, null, loras));
        }
    }

    private static String requiredText(JsonNode v, String at, List<FieldError> errors) {
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            errors.add(new FieldError(at, "required, a non-empty string"));
            return null;
        }
        if (v.textValue().length() > 1000) {
            errors.add(new FieldError(at, "at most 1000 characters"));
            return null;
        }
        return v.textValue();
    }

    private static String optionalText(JsonNode v, String at, List<FieldError> errors) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(at, "expected a string"));
            return null;
        }
        if (v.textValue().length() > 1000) {
            errors.add(new FieldError(at, "at most 1000 characters"));
            return null;
        }
        return v.textValue();
    }

    private static String baseName(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }

    // ---- checking ------------------------------------------------------------------------------------------------

    private List<ResolveItem> resolve(Entry e) {
        List<ResolveItem> items = new ArrayList<>();
        if (e.pluginName != null || !"builtin".equals(e.sourceType)) {
            items.add(plugin(e));
        }
        items.add(pipeline(e));
        for (Lora l : e.loras) {
            items.add(lora(l));
        }
        return items;
    }

    private ResolveItem pipeline(Entry e) {
        RegisteredPipeline p = registry.pipeline(e.id).orElse(null);
        if (p == null) {
            String detail = "node".equals(e.kind)
                    ? "Node type '" + e.id + "' is not available on this server"
                    : "Pipeline '" + e.id + "' is not registered" + (e.pluginName == null ? ""
                            : " (it comes from plugin '" + e.pluginName + "')");
            return new ResolveItem(e.kind, e.id, "missing", detail,
                    e.pluginName == null ? null : "Install the plugin '" + e.pluginName + "'", false);
        }
        Availability a = hardware.availability(p.descriptor().estimatedVramGb());
        if (!a.available()) {
            return new ResolveItem("pipeline", e.id, "unavailable", "Pipeline '" + e.id + "' " + a.reason(),
                    null, false);
        }
        return new ResolveItem("pipeline", e.id, ResolveItem.OK, null, null, false);
    }

    private ResolveItem plugin(Entry e) {
        if (e.pluginName == null) {
            return new ResolveItem("plugin", e.id, "missing",
                    "The workflow names no plugin for '" + e.id + "' (source type " + e.sourceType + ")", null, false);
        }
        Map<String, PluginOrigin> installed = new LinkedHashMap<>();
        registry.plugins().keySet().forEach(o -> installed.put(o.symbolicName(), o));
        PluginOrigin o = installed.get(e.pluginName);
        if (o == null) {
            for (FailedPlugin f : registry.failedPlugins()) {
                if (f.origin().symbolicName().equals(e.pluginName)) {
                    return new ResolveItem("plugin", e.pluginName, "failed", "Plugin '" + e.pluginName
                            + "' is installed but failed to register: " + f.errorMessage(), null, false);
                }
            }
            String where = e.packageSpec == null ? "" : " (" + e.packageSpec + ")";
            return new ResolveItem("plugin", e.pluginName, "missing", "Plugin '" + e.pluginName
                    + "' is not installed", "Install the plugin bundle" + where
                    + ": drop its jar into the plugins folder or add it on the Plugins page", false);
        }
        if (e.pluginVersion != null) {
            int cmp = Versions.compare(e.pluginVersion, o.version());
            if (cmp == Versions.UNPARSABLE) {
                return new ResolveItem("plugin", e.pluginName, ResolveItem.OK, "Could not compare version "
                        + e.pluginVersion + " with the installed " + o.version(), null, false);
            }
            if (cmp > 0) {
                return new ResolveItem("plugin", e.pluginName, "version_mismatch", "Plugin '" + e.pluginName
                        + "' " + o.version() + " is installed; the workflow needs " + e.pluginVersion,
                        "Upgrade '" + e.pluginName + "' to " + e.pluginVersion + " or newer", false);
            }
        }
        return new ResolveItem("plugin", e.pluginName, ResolveItem.OK, null, null, false);
    }

    private ResolveItem lora(Lora l) {
        Path dir = loraDir.get();
        Path file = null;
        try {
            Path rel = Path.of(l.filename);
            Path candidate = dir.resolve(rel).normalize();
            // a name from an untrusted file must stay inside the LoRA directory
            if (!rel.isAbsolute() && candidate.startsWith(dir.normalize()) && !l.filename.contains("\0")) {
                file = candidate;
            }
        } catch (InvalidPathException e) {
            file = null;
        }
        if (file == null) {
            return new ResolveItem("lora", l.filename, "missing", "Invalid LoRA filename", null, false);
        }
        if (Files.isRegularFile(file)) {
            return new ResolveItem("lora", l.filename, ResolveItem.OK, null, null, false);
        }
        return new ResolveItem("lora", l.filename, "missing", "LoRA '" + l.filename + "' not found locally",
                downloadHint(l.provenance), false);
    }

    private static String downloadHint(JsonNode p) {
        if (p == null || p.isNull()) {
            return "Put the file into the models/lora folder";
        }
        String source = p.path("source").asText("");
        return switch (source) {
            case "huggingface" -> "Download from HuggingFace: " + p.path("repo_id").asText("?")
                    + " and put it into the models/lora folder";
            case "civitai" -> "Download from CivitAI: model " + p.path("model_id").asText(p.path("version_id")
                    .asText("?")) + " and put it into the models/lora folder";
            case "url" -> "Download from " + p.path("url").asText("?") + " and put it into the models/lora folder";
            default -> "Put the file into the models/lora folder";
        };
    }
}
