package scope.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/input-sources*}: the server-side video inputs of Scope (Spout, NDI, Syphon, a video file read by
 * the server). This server takes video from the browser only (camera or a local file played in the page), so
 * every type is listed with {@code available: false}, which Scope's UI leaves out of its source menu; asking
 * for the sources of a type is a 400 that says it is unavailable (404 for a type Scope does not have).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/v1/input-sources", "/api/v1/input-sources/*"})
public class InputSourcesServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;

    private record SourceType(String id, String name, String description) {
    }

    private static final List<SourceType> TYPES = List.of(
            new SourceType("spout", "Spout", "Textures shared by other applications on Windows (not available here)"),
            new SourceType("ndi", "NDI", "Video from NDI senders on the network (not available here)"),
            new SourceType("syphon", "Syphon", "Frames shared by other applications on macOS (not available here)"),
            new SourceType("video_file", "Video File",
                    "A video file decoded by the server (not available here: play the file in the browser)"));

    public InputSourcesServlet() {
        router.on("GET", "/api/v1/input-sources", RouteDocs.INPUT_SOURCES, (q, r, g) -> Json.write(r, 200, list()))
                .on("GET", "/api/v1/input-sources/(?<sourceType>[^/]+)/sources", RouteDocs.INPUT_SOURCE_DETAIL,
                        (q, r, g) -> refuse(g.get(0)))
                .on("GET", "/api/v1/input-sources/(?<sourceType>[^/]+)/sources/(?<sourceName>.+)/(resolution|stream)",
                        RouteDocs.INPUT_SOURCE_DETAIL,
                        (q, r, g) -> refuse(g.get(0)));
    }

    private static ObjectNode list() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode sources = root.putArray("input_sources");
        for (SourceType t : TYPES) {
            ObjectNode n = sources.addObject();
            n.put("source_id", t.id());
            n.put("source_name", t.name());
            n.put("source_description", t.description());
            n.put("available", false);
        }
        return root;
    }

    private static void refuse(String rawType) throws ApiException {
        String type = PathSegments.decode(rawType);
        SourceType t = TYPES.stream().filter(s -> s.id().equals(type)).findFirst()
                .orElseThrow(() -> new ApiException(404, "Unknown input source type: '" + type + "'"));
        throw new ApiException(400, t.name() + " input is not available on this server: video comes from the "
                + "browser (camera or a video file played in the page)");
    }
}
