package scope.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
 * Scope's media assets under {@code <home>/assets}: {@code GET /api/v1/assets[?type=image|video|audio]} lists them
 * newest first, {@code POST /api/v1/assets?filename=NAME} stores the raw body as one (Scope's request shape) and
 * {@code GET /api/v1/assets/PATH} serves one. Only the media types of {@link AssetTypes}, each within its size
 * limit and with the first bytes of its format; names are plain file names (no folders, nothing hidden); nothing
 * outside the folder is ever read or written, symbolic links included.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/v1/assets", "/api/v1/assets/*"})
public class AssetsServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AssetsServlet.class);
    private static final int MAX_NAME_LENGTH = 200;
    private static final int MAX_DEPTH = 8;
    private static final List<String> KINDS = List.of("image", "video", "audio");

    private final transient Path dir;

    @Activate
    public AssetsServlet(@Reference ScopeSettings settings) {
        this(settings.home().resolve("assets"));
    }

    AssetsServlet(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        router.on("GET", "/api/v1/assets", RouteDocs.ASSETS, (q, r, g) -> list(q, r))
                .on("POST", "/api/v1/assets", RouteDocs.ASSET_UPLOAD, (q, r, g) -> upload(q, r))
                .on("GET", "/api/v1/assets/(?<assetPath>.+)", RouteDocs.ASSET_FILE, (q, r, g) -> serve(g.get(0), r));
    }

    private void list(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String kind = req.getParameter("type");
        if (kind != null && !kind.isEmpty() && !KINDS.contains(kind)) {
            throw new ApiException(List.of(new FieldError("type", "expected image, video or audio, got '" + kind + "'")));
        }
        record Found(Path file, AssetTypes type, BasicFileAttributes attributes) {
        }
        List<Found> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            // links are not followed: a link in the folder must not list (or serve) a file from elsewhere
            try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
                walk.filter(p -> !hidden(dir.relativize(p))).forEach(p -> {
                    AssetTypes type = AssetTypes.of(p.getFileName().toString());
                    if (type == null || (kind != null && !kind.isEmpty() && !type.kind.equals(kind))) {
                        return;
                    }
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
                                LinkOption.NOFOLLOW_LINKS);
                        if (a.isRegularFile()) {
                            found.add(new Found(p, type, a));
                        }
                    } catch (IOException e) {
                        // went away while listing
                    }
                });
            }
        }
        found.sort(Comparator.comparing((Found f) -> f.attributes().creationTime()).reversed()
                .thenComparing(f -> String.valueOf(f.file().getParent())).thenComparing(f -> f.file().getFileName()));
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode assets = root.putArray("assets");
        for (Found f : found) {
            assets.add(info(f.file(), f.type(), f.attributes()));
        }
        Json.write(resp, 200, root);
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode info(Path file, AssetTypes type, BasicFileAttributes a) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        String name = file.getFileName().toString();
        n.put("name", name.substring(0, name.lastIndexOf('.')));
        n.put("path", file.toString());
        n.put("size_mb", Math.round(a.size() / (1024.0 * 1024.0) * 100) / 100.0);
        Path folder = dir.relativize(file).getParent();
        if (folder == null) {
            n.putNull("folder");
        } else {
            n.put("folder", folder.toString());
        }
        n.put("type", type.kind);
        n.put("created_at", a.creationTime().toMillis() / 1000.0);
        return n;
    }

    private void upload(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String contentType = req.getContentType() == null ? ""
                : req.getContentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        // the types any web page may send without a CORS preflight are refused, as for every body we take
        if (contentType.isEmpty() || contentType.equals("text/plain") || contentType.startsWith("multipart/")
                || contentType.equals("application/x-www-form-urlencoded")) {
            throw new ApiException(415, "Send the file as the raw body with Content-Type application/octet-stream "
                    + "(or its media type), got " + (contentType.isEmpty() ? "none" : "'" + contentType + "'"));
        }
        String name = fileName(req.getParameter("filename"));
        AssetTypes type = AssetTypes.of(name);
        if (type == null) {
            throw new ApiException(400, "Invalid file type of '" + name + "'. Allowed types: "
                    + AssetTypes.allowedExtensions());
        }
        long limit = type.limitBytes();
        if (req.getContentLengthLong() > limit) {
            throw new ApiException(413, "Asset too large: " + req.getContentLengthLong() + " bytes (limit for "
                    + type.kind + " files " + limit / (1024 * 1024) + " MB)");
        }
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        if (Files.isSymbolicLink(target) || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ApiException(409, "'" + name + "' exists in the assets folder and is not a plain file");
        }
        Path tmp = Files.createTempFile(dir, ".upload-", ".part");
        try {
            long size = copyBounded(req.getInputStream(), tmp, limit, type);
            if (size == 0) {
                throw new ApiException(400, "The body is empty: send the file's bytes");
            }
            byte[] head = new byte[16];
            try (InputStream in = Files.newInputStream(tmp)) {
                head = in.readNBytes(16);
            }
            if (!type.matches(head)) {
                throw new ApiException(400, "'" + name + "' is not a ." + type.extension + " file: its content does not "
                        + "start like one (" + type.contentType + ")");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.info("Stored asset {} ({})", target, type.kind);
        Json.write(resp, 200, info(target, type, Files.readAttributes(target, BasicFileAttributes.class)));
    }

    /** Streams the body to the file, refusing it past the limit (a client may send more than it announced). */
    private static long copyBounded(InputStream in, Path file, long limit, AssetTypes type) throws Exception {
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream body = in; OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = body.read(buf)) > 0) {
                total += n;
                if (total > limit) {
                    throw new ApiException(413, "Asset too large (limit for " + type.kind + " files "
                            + limit / (1024 * 1024) + " MB)");
                }
                out.write(buf, 0, n);
            }
        }
        return total;
    }

    /** A plain file name: no folder part, not hidden, no control characters, at most {@value #MAX_NAME_LENGTH} long. */
    static String fileName(String raw) throws ApiException {
        if (raw == null || raw.isBlank()) {
            throw new ApiException(List.of(new FieldError("filename", "required: the asset's file name")));
        }
        String name = raw.strip();
        if (name.contains("/") || name.contains("\\") || name.startsWith(".") || name.contains("\0")) {
            throw new ApiException(400, "Invalid filename '" + printable(name) + "': a plain file name is expected "
                    + "(no folders, not starting with '.')");
        }
        StringBuilder clean = new StringBuilder();
        name.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) || c == '"' || c == '<'
                || c == '>' || c == '|' || c == '*' || c == '?' || c == ':' ? '_' : c));
        if (clean.length() > MAX_NAME_LENGTH) {
            throw new ApiException(List.of(new FieldError("filename", "at most " + MAX_NAME_LENGTH + " characters")));
        }
        return clean.toString();
    }

    private static String printable(String s) {
        String shown = s.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
    }

    private void serve(String rawPath, HttpServletResponse resp) throws Exception {
        String path = PathSegments.decode(rawPath);
        if (path.contains("\0") || path.contains("\\")) {
            throw new ApiException(403, "Access denied: '" + printable(path) + "' is not a path in the assets folder");
        }
        // an absolute path (from a listing of this or another machine) names the file by its base name, as in Scope
        if (path.startsWith("/")) {
            path = path.substring(path.lastIndexOf('/') + 1);
        }
        Path file = dir.resolve(path).normalize();
        if (!file.startsWith(dir) || file.equals(dir) || hidden(dir.relativize(file))) {
            throw new ApiException(403, "Access denied: '" + printable(path) + "' is outside the assets folder");
        }
        AssetTypes type = AssetTypes.of(file.getFileName().toString());
        if (type == null || !Files.isRegularFile(file)) {
            throw new ApiException(404, "Asset not found: " + printable(path));
        }
        // the real file must be inside too: a symbolic link could point anywhere
        if (!file.toRealPath().startsWith(dir.toRealPath())) {
            throw new ApiException(403, "Access denied: '" + printable(path) + "' leads outside the assets folder");
        }
        resp.setStatus(200);
        resp.setContentType(type.contentType);
        resp.setContentLengthLong(Files.size(file));
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Cache-Control", "no-cache");
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
