package scope.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.record.Recorder;
import scope.record.RecordingFile;
import scope.record.RecordingStatus;

/**
 * Recording, with Scope's routes: {@code POST /api/v1/recordings/{session}/start|stop} and
 * {@code GET /api/v1/recordings/{session}} (the MP4), plus the recordings folder: {@code GET /api/v1/recordings}
 * (files and recent recordings) and {@code GET /api/v1/recordings/files/{name}}. As in Scope, a session whose graph
 * has record nodes is recorded through them - {@code ?node_id=} names the node on all three session routes, and is
 * required there - and {@code node_id} is a 400 for a session without record nodes.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/recordings/*")
public class RecordingsServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    static final String NO_RECORD_NODES = "This session has no graph record nodes; omit node_id.";
    static final String NEEDS_NODE_ID = "This session uses graph record nodes; pass node_id=<record node id> (one "
            + "of ";

    private final transient Recorder recorder;

    @Activate
    public RecordingsServlet(@Reference Recorder recorder) {
        this.recorder = recorder;
        router.on("GET", "/api/v1/recordings", RouteDocs.RECORDINGS, (q, r, g) -> Json.write(r, 200, listing()))
                .on("GET", "/api/v1/recordings/files/(?<name>[^/]+)", RouteDocs.RECORDING_DOWNLOAD,
                        (q, r, g) -> {
                            String name = PathSegments.decode(g.get(0));
                            RecordingFile f = recorder.file(name).orElseThrow(() -> new ApiException(404,
                                    "No recording named '" + printable(name) + "'"));
                            send(f, f.name(), r);
                        })
                .on("POST", "/api/v1/recordings/(?<sessionId>[^/]+)/start", RouteDocs.RECORDING_START,
                        answering((q, r, g) -> {
                    String session = session(q, g);
                    boolean withInput = flag(q, "input");
                    String node = recordNode(q, session);
                    if (node != null && withInput) {
                        throw new ApiException(400, "input: a record node records the point of the graph it is "
                                + "wired to; add a record node on the source to record the input");
                    }
                    Recorder.Started s = node == null ? recorder.start(session, withInput)
                            : recorder.startNode(session, node);
                    Json.write(r, 200, Map.of("status",
                            s == Recorder.Started.STARTED ? "started" : "already_recording"));
                }))
                .on("POST", "/api/v1/recordings/(?<sessionId>[^/]+)/stop", RouteDocs.RECORDING_STOP,
                        answering((q, r, g) -> {
                    String session = session(q, g);
                    String node = recordNode(q, session);
                    boolean stopped = node == null ? recorder.stop(session) : recorder.stopNode(session, node);
                    Json.write(r, 200, Map.of("status", stopped ? "stopped" : "not_recording"));
                }))
                .on("GET", "/api/v1/recordings/(?<sessionId>[^/]+)", RouteDocs.RECORDING_FILE,
                        answering((q, r, g) -> {
                    String session = session(q, g);
                    String node = recordNode(q, session);
                    if (node != null) {
                        RecordingFile f = recorder.downloadNode(session, node).orElseThrow(() -> new ApiException(
                                404, "Recording file not available"));
                        send(f, "recording-" + node + "-" + LocalDateTime.now().format(STAMP) + ".mp4", r);
                        return;
                    }
                    RecordingFile f = recorder.download(session).orElseThrow(() -> new ApiException(404,
                            "No recording available for this session"));
                    send(f, "recording-" + LocalDateTime.now().format(STAMP) + ".mp4", r);
                }));
    }

    /** The session of the path: unknown sessions are 404 before anything else, as in Scope. */
    private String session(HttpServletRequest req, List<String> groups) throws ApiException {
        String session = PathSegments.decode(groups.get(0));
        if (!recorder.knows(session)) {
            throw new ApiException(404, "Session " + printable(session) + " not found");
        }
        return session;
    }

    /**
     * The record node {@code node_id} names, checked as Scope checks it: null for a session without record nodes
     * (where {@code node_id} is a 400), required for a session with them, and one of them.
     */
    private String recordNode(HttpServletRequest req, String session) throws ApiException {
        String node = req.getParameter("node_id");
        List<String> nodes = recorder.recordNodes(session);
        if (node == null || node.isEmpty()) {
            if (!nodes.isEmpty()) {
                throw new ApiException(400, NEEDS_NODE_ID + String.join(", ", nodes) + ").");
            }
            return null;
        }
        if (nodes.isEmpty()) {
            throw new ApiException(400, NO_RECORD_NODES);
        }
        if (!nodes.contains(node)) {
            throw new ApiException(400, "Unknown record node '" + printable(node) + "'");
        }
        return node;
    }

    /** The recorder's refusals as answers: a session gone meanwhile (404), recording impossible (500, why). */
    private static Router.Handler answering(Router.Handler h) {
        return (q, r, g) -> {
            try {
                h.handle(q, r, g);
            } catch (NoSuchElementException e) {
                throw new ApiException(404, e.getMessage());
            } catch (IllegalArgumentException e) { // a record node the graph no longer has (a new offer)
                throw new ApiException(400, e.getMessage());
            } catch (IllegalStateException e) {
                throw new ApiException(500, "Recording could not start: " + e.getMessage());
            }
        };
    }

    private static boolean flag(HttpServletRequest req, String name) throws ApiException {
        String v = req.getParameter(name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw new ApiException(400, name + ": expected true or false, got '" + printable(v) + "'");
    }

    private Map<String, Object> listing() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", recorder.files().stream().map(RecordingsServlet::fileJson).toList());
        out.put("recordings", recorder.status().stream().map(RecordingsServlet::statusJson).toList());
        return out;
    }

    private static Map<String, Object> fileJson(RecordingFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("session_id", f.sessionId());
        m.put("track", f.track());
        m.put("node_id", f.nodeId());
        m.put("bytes", f.bytes());
        m.put("modified", f.modified().toString());
        m.put("url", "/api/v1/recordings/files/" + f.name());
        return m;
    }

    private static Map<String, Object> statusJson(RecordingStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", s.sessionId());
        m.put("track", s.track());
        m.put("node_id", s.nodeId());
        m.put("state", s.state());
        m.put("frames", s.frames());
        m.put("dropped", s.dropped());
        m.put("duration_s", Math.round(s.durationSeconds() * 100) / 100.0);
        m.put("file", s.file());
        m.put("error", s.error());
        return m;
    }

    private static void send(RecordingFile f, String downloadName, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("video/mp4");
        resp.setContentLengthLong(Files.size(f.path()));
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + downloadName + "\"");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Cache-Control", "no-cache");
        try (InputStream in = Files.newInputStream(f.path())) {
            in.transferTo(resp.getOutputStream());
        }
    }

    private static String printable(String s) {
        String shown = s.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
    }
}
