package scope.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.runtime.settings.ScopeSettings;

/**
 * Serves the browser UIs. Our own UI comes from this bundle's {@code ui/} folder, at {@code /} - or at
 * {@code /studio/} when a built Scope frontend is configured ({@code SCOPE_UI_DIR} / {@code --ui-dir}), which is
 * then served at {@code /} from that directory, so Scope's own UI needs no proxy. Both fall back to their
 * {@code index.html} for unknown paths without a file extension (single-page apps); nothing outside either folder
 * is ever served ({@code ..}, backslashes, empty segments and symbolic links leading out are refused).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/*")
public class UiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Where our UI lives when Scope's UI takes {@code /}. */
    static final String STUDIO = "/studio";
    /** Our index.html names its base so that its relative paths work under any prefix; the prefix is put in here. */
    private static final String BASE = "<base href=\"/\">";

    private final transient BundleContext context;
    private final transient Path scopeUi;

    @Activate
    public UiServlet(BundleContext context, @Reference ScopeSettings settings) {
        this.context = context;
        this.scopeUi = settings.uiDir();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (path.contains("..") || path.contains("\\") || path.contains("//") || path.indexOf('\0') >= 0) {
            resp.sendError(403, "Forbidden");
            return;
        }
        if (scopeUi == null) {
            serveOwn(path, "/", resp);
        } else if (path.equals(STUDIO)) {
            String query = req.getQueryString();
            resp.setStatus(302);
            resp.setHeader("Location", STUDIO + "/" + (query == null ? "" : "?" + query));
        } else if (path.startsWith(STUDIO + "/")) {
            serveOwn(path.substring(STUDIO.length()), STUDIO + "/", resp);
        } else {
            serveScope(path, resp);
        }
    }

    private void serveOwn(String path, String base, HttpServletResponse resp) throws IOException {
        if (path.isEmpty() || path.equals("/")) {
            path = "/index.html";
        }
        URL url = context.getBundle().getEntry("ui" + path);
        String name = path.substring(path.lastIndexOf('/') + 1);
        if ((url == null || path.endsWith("/")) && !name.contains(".")) {
            url = context.getBundle().getEntry("ui/index.html"); // SPA fallback
            name = "index.html";
        }
        if (url == null) {
            resp.sendError(404, "Not Found");
            return;
        }
        resp.setContentType(ContentTypes.of(name));
        // the UI ships with the bundle: revalidate so an updated bundle shows at once
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = url.openStream()) {
            if (name.equals("index.html") && !base.equals("/")) {
                String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                byte[] out = page.replace(BASE, "<base href=\"" + base + "\">").getBytes(StandardCharsets.UTF_8);
                resp.setContentLength(out.length);
                resp.getOutputStream().write(out);
            } else {
                in.transferTo(resp.getOutputStream());
            }
        }
    }

    private void serveScope(String path, HttpServletResponse resp) throws IOException {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        Path file = relative.isEmpty() ? scopeUi.resolve("index.html") : scopeUi.resolve(relative).normalize();
        if (!file.startsWith(scopeUi)) {
            resp.sendError(403, "Forbidden");
            return;
        }
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            if (name.contains(".") && !relative.isEmpty()) {
                resp.sendError(404, "Not Found");
                return;
            }
            file = scopeUi.resolve("index.html"); // SPA fallback: the app routes this path itself
            name = "index.html";
        }
        if (!file.toRealPath().startsWith(scopeUi.toRealPath())) {
            resp.sendError(403, "Forbidden");
            return;
        }
        resp.setContentType(ContentTypes.of(name));
        // index.html names the hashed bundles of one build: never keep an old one
        resp.setHeader("Cache-Control", name.equals("index.html") ? "no-cache, no-store, must-revalidate" : "no-cache");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentLengthLong(Files.size(file));
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
