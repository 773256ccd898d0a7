package scope.http;

import jakarta.servlet.Servlet;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/recordings/{session}[/start|/stop]}: Scope records a session's output to MP4; this server does not
 * record. Starting (and downloading) is a 409 that says so; stopping answers Scope's {@code not_recording}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/recordings/*")
public class RecordingsServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;

    public RecordingsServlet() {
        router.on("POST", "/api/v1/recordings/(?<sessionId>[^/]+)/start", RouteDocs.RECORDING_START, (q, r, g) -> {
            throw Unavailable.refusal("Recording");
        })
                .on("POST", "/api/v1/recordings/(?<sessionId>[^/]+)/stop", RouteDocs.RECORDING_STOP,
                        (q, r, g) -> Json.write(r, 200, Map.of("status", "not_recording")))
                .on("GET", "/api/v1/recordings/(?<sessionId>[^/]+)", RouteDocs.RECORDING_FILE, (q, r, g) -> {
                    throw new ApiException(409, "Recording is not available on this server: there is no recording "
                            + "of session '" + PathSegments.decode(g.get(0)) + "'");
                });
    }
}
