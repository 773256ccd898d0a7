package scope.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the browser UI from this bundle's {@code ui/} folder at {@code /}. Unknown paths without a file extension
 * fall back to {@code index.html} (single-page app); {@code ..} never leaves the folder.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/*")
public class UiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"), Map.entry("webp", "image/webp"), Map.entry("md", "text/markdown"),
            Map.entry("woff2", "font/woff2"));

    private final transient BundleContext context;

    @Activate
    public UiServlet(BundleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (path.isEmpty() || path.equals("/")) {
            path = "/index.html";
        }
        if (path.contains("..") || path.contains("\\") || path.contains("//")) {
            resp.sendError(403, "Forbidden");
            return;
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
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        resp.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
        // the UI ships with the bundle: revalidate so an updated bundle shows at once
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = url.openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
