package scope.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * <p>Tail answers {@code {"lines": [...], "offset": N}} where {@code offset} is where the last complete line
 * ends (the file's size once the writer finished its line; Scope answers the size, which can split a line in two
 * across polls); a client sends it back as {@code since_offset} and gets only the non-blank lines written since
 * (the last {@code lines} of them). Without an offset, or with one past the end (the file rolled over), it
 * answers the last {@code lines}.
 * An answer reads at most {@link #MAX_READ_BYTES} from the end of the file, so it stays small however far behind
 * the client is.
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
        router.on("GET", "/api/v1/logs/tail", (q, r, g) -> tail(q, r))
                .on("GET", "/api/v1/logs/current", (q, r, g) -> current(r));
    }

    private void tail(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        int lines = (int) longParameter(req, "lines", 200, 1, MAX_LINES);
        long since = longParameter(req, "since_offset", 0, 0, Long.MAX_VALUE);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode out = answer.putArray("lines");
        if (!Files.isRegularFile(file)) {
            answer.put("offset", 0);
            Json.write(resp, 200, answer);
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            // an offset beyond the end means the file rolled over since: start again from its tail
            long from = since > 0 && since <= size ? since : 0;
            long start = Math.max(from, size - MAX_READ_BYTES);
            byte[] bytes = new byte[(int) (size - start)];
            raf.seek(start);
            raf.readFully(bytes);
            // only complete lines: a line still being written comes whole with the next poll
            int complete = lastLineEnd(bytes);
            if (complete == 0 && bytes.length == MAX_READ_BYTES) {
                complete = bytes.length; // one line longer than a whole answer: send what there is
            }
            List<String> all = nonBlankLines(java.util.Arrays.copyOf(bytes, complete), start > from);
            for (String line : all.subList(Math.max(0, all.size() - lines), all.size())) {
                out.add(line);
            }
            answer.put("offset", complete == 0 ? from : start + complete);
        }
        Json.write(resp, 200, answer);
    }

    private static int lastLineEnd(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** @param cutAtStart the bytes start mid-file: the first, partial line is dropped */
    static List<String> nonBlankLines(byte[] bytes, boolean cutAtStart) throws IOException {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        String[] split = text.split("\r?\n", -1);
        List<String> lines = new ArrayList<>();
        for (int i = cutAtStart ? 1 : 0; i < split.length; i++) {
            if (!split[i].isBlank()) {
                lines.add(split[i]);
            }
        }
        return lines;
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
