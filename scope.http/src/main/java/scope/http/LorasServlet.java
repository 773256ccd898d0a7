package scope.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.runtime.schema.FieldError;
import scope.runtime.settings.ScopeSettings;

/**
 * LoRA files in {@code <home>/models/lora}: {@code GET /api/v1/loras} lists them in Scope's shape (with the
 * SHA-256 and provenance of a {@code lora_manifest.json} that Scope left there, when there is one) and
 * {@code DELETE /api/v1/loras/{name}} removes one. Installing from a URL ({@code POST /api/v1/loras},
 * {@code POST /api/v1/lora/download}, {@code PUT /api/v1/lora/{file}/provenance}) is not offered: the body is
 * checked, then the answer is a 400 saying where to put the file, which the list shows at once.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/v1/loras", "/api/v1/loras/*", "/api/v1/lora/*"})
public class LorasServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LorasServlet.class);
    static final List<String> EXTENSIONS = List.of(".safetensors", ".bin", ".pt");
    private static final List<String> DOWNLOAD_SOURCES = List.of("huggingface", "civitai", "url");

    private final transient Path dir;

    @Activate
    public LorasServlet(@Reference ScopeSettings settings) {
        this.dir = settings.models().resolve("lora").toAbsolutePath().normalize();
        router.on("GET", "/api/v1/loras", RouteDocs.LORAS, (q, r, g) -> list(r))
                .on("POST", "/api/v1/loras", RouteDocs.LORA_INSTALL, (q, r, g) -> install(q))
                .on("DELETE", "/api/v1/loras/(?<name>[^/]+)", RouteDocs.LORA_DELETE, (q, r, g) -> delete(g.get(0), r))
                .on("POST", "/api/v1/lora/download", RouteDocs.LORA_DOWNLOAD, (q, r, g) -> download(q))
                .on("PUT", "/api/v1/lora/(?<name>.+)/provenance", RouteDocs.LORA_PROVENANCE, (q, r, g) -> {
                    Json.objectBody(q);
                    throw notOffered("Tagging LoRA provenance");
                });
    }

    private void list(HttpServletResponse resp) throws IOException {
        JsonNode manifest = manifestEntries();
        record Found(Path file, BasicFileAttributes attributes) {
        }
        List<Found> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir, 4)) {
                walk.filter(p -> isLora(p.getFileName().toString()) && !hidden(dir.relativize(p))).forEach(p -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
                                LinkOption.NOFOLLOW_LINKS);
                        if (a.isRegularFile()) {
                            found.add(new Found(p, a));
                        }
                    } catch (IOException e) {
                        // went away while listing
                    }
                });
            }
        }
        found.sort(Comparator.comparing((Found f) -> folder(f.file()) == null ? "" : folder(f.file()))
                .thenComparing(f -> stem(f.file())));
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode files = root.putArray("lora_files");
        for (Found f : found) {
            ObjectNode n = files.addObject();
            n.put("name", stem(f.file()));
            n.put("path", f.file().toString());
            n.put("size_mb", Math.round(f.attributes().size() / (1024.0 * 1024.0) * 100) / 100.0);
            n.put("folder", folder(f.file()));
            JsonNode entry = manifest.path(dir.relativize(f.file()).toString().replace('\\', '/'));
            n.set("sha256", entry.path("sha256").isTextual() ? entry.get("sha256") : Json.MAPPER.nullNode());
            n.set("provenance", entry.path("provenance").isObject() ? entry.get("provenance") : Json.MAPPER.nullNode());
            n.put("read_only", false);
        }
        Json.write(resp, 200, root);
    }

    /** The entries of Scope's manifest when one is there; a broken one is logged and ignored. */
    private JsonNode manifestEntries() {
        Path manifest = dir.resolve("lora_manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(manifest.toFile()).path("entries");
        } catch (IOException e) {
            LOG.warn("Ignoring {}: {}", manifest, e.getMessage());
            return Json.MAPPER.createObjectNode();
        }
    }

    static boolean isLora(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith) && !fileName.startsWith(".");
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    private String folder(Path file) {
        Path parent = dir.relativize(file).getParent();
        return parent == null ? null : parent.toString();
    }

    /** As in Scope: the stem, in the folder or one level of sub-folders. */
    private void delete(String rawName, HttpServletResponse resp) throws Exception {
        String name = PathSegments.decode(rawName);
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")
                || name.contains("\0")) {
            throw new ApiException(400, "Invalid LoRA name: the file name without its extension is expected");
        }
        Path found = null;
        List<Path> folders = new ArrayList<>(List.of(dir));
        if (Files.isDirectory(dir)) {
            try (Stream<Path> sub = Files.list(dir)) {
                sub.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !hidden(dir.relativize(p)))
                        .sorted().forEach(folders::add);
            }
        }
        search:
        for (Path folder : folders) {
            for (String ext : EXTENSIONS) {
                Path candidate = folder.resolve(name + ext);
                if (Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    found = candidate;
                    break search;
                }
            }
        }
        if (found == null) {
            throw new ApiException(404, "LoRA file '" + name + "' not found in " + dir);
        }
        Files.delete(found);
        LOG.info("Deleted LoRA file {}", found);
        Json.write(resp, 200, Map.of("success", true, "message", "Successfully deleted '" + name + "'"));
    }

    private void install(HttpServletRequest req) throws Exception {
        ObjectNode body = Json.objectBody(req);
        List<FieldError> errors = new ArrayList<>();
        requireString(body, "url", true, errors);
        requireString(body, "filename", false, errors);
        if (!errors.isEmpty()) {
            throw new ApiException(errors);
        }
        throw notOffered("Installing LoRAs from a URL");
    }

    private void download(HttpServletRequest req) throws Exception {
        ObjectNode body = Json.objectBody(req);
        List<FieldError> errors = new ArrayList<>();
        JsonNode source = body.get("source");
        if (source == null || !source.isTextual() || !DOWNLOAD_SOURCES.contains(source.textValue())) {
            errors.add(new FieldError("source", "required, one of " + String.join(", ", DOWNLOAD_SOURCES)));
        }
        for (String field : List.of("repo_id", "hf_filename", "model_id", "version_id", "url", "subfolder",
                "expected_sha256", "civitai_token")) {
            requireString(body, field, false, errors);
        }
        if (!errors.isEmpty()) {
            throw new ApiException(errors);
        }
        throw notOffered("Downloading LoRAs");
    }

    private static void requireString(ObjectNode body, String field, boolean required, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "required, a string"));
            }
        } else if (!v.isTextual()) {
            errors.add(new FieldError(field, "expected a string"));
        }
    }

    private ApiException notOffered(String what) {
        return new ApiException(400, what + " is not offered by this server: download the file yourself and put it "
                + "into " + dir + " (.safetensors, .bin or .pt); the LoRA list shows it at once");
    }
}
