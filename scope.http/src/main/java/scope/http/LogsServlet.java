package scope.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.runtime.schema.FieldError;
import scope.runtime.settings.ScopeSettings;

/**
 * The server's log file ({@code <home>/logs/scope.log}) for Scope's UI: {@code GET /api/v1/logs/tail} (polled
 * every 2 s by the logs panel) and {@code GET /api/v1/logs/current} (the whole file, for bug reports).
 *
 * <p>Tail answers {@code {"lines": [...], "offset": N}} as {@link LogTail} reads them; a client sends the offset back
 * as {@code since_offset}. An answer reads at most {@link #MAX_READ_BYTES} from the end of the file, so it stays
 * small however far behind the client is.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/logs/*")
public class LogsServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    static final int MAX_READ_BYTES = 256 * 1024;
    static final int MAX_LINES = 1000;

    private final transient Path file;

    @Activate
    public LogsServlet(@Reference ScopeSettings settings) {
        this.file = settings.logs().resolve("scope.log");
        router.on("GET", "/api/v1/logs/tail", RouteDocs.LOG_TAIL, (q, r, g) -> tail(q, r))
                .on("GET", "/api/v1/logs/current", RouteDocs.LOG_FILE, (q, r, g) -> current(r));
    }

    private void tail(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        int lines = (int) longParameter(req, "lines", 200, 1, MAX_LINES);
        long since = longParameter(req, "since_offset", 0, 0, Long.MAX_VALUE);
        LogTail.Answer tail = LogTail.read(file, since, lines, MAX_READ_BYTES);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode out = answer.putArray("lines");
        tail.lines().forEach(out::add);
        answer.put("offset", tail.offset());
        Json.write(resp, 200, answer);
    }

    private void current(HttpServletResponse resp) throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new ApiException(404, "Log file not found: nothing has been logged to " + file + " yet");
        }
        resp.setStatus(200);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setHeader("Content-Disposition", "attachment; filename=\"scope.txt\"");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        long size = Files.size(file); // the file grows while it is sent: send what it held at this moment
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                resp.getOutputStream().write(buf, 0, n);
                left -= n;
            }
        }
    }

    static long longParameter(HttpServletRequest req, String name, long dflt, long min, long max) throws ApiException {
        String raw = req.getParameter(name);
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(List.of(new FieldError(name, "expected an integer from " + min
                + (max == Long.MAX_VALUE ? " up" : " to " + max) + ", got '" + raw + "'")));
    }
}
