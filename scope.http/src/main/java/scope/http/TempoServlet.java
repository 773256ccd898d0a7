package scope.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/tempo/*}: Scope can follow a beat clock (Ableton Link or MIDI clock) and quantise parameter
 * changes to it; this server has no beat clock. Status reads disabled, both sources are listed with
 * {@code available: false} (the UI greys them out), disabling succeeds, enabling and setting the tempo are a 409
 * after their body is checked.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/tempo/*")
public class TempoServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;

    public TempoServlet() {
        router.on("GET", "/api/v1/tempo/status", RouteDocs.FEATURE_STATUS, (q, r, g) -> Json.write(r, 200, status()))
                .on("GET", "/api/v1/tempo/sources", RouteDocs.FEATURE_STATUS,
                        (q, r, g) -> Json.write(r, 200, sources()))
                .on("POST", "/api/v1/tempo/disable", RouteDocs.FEATURE_OFF,
                        (q, r, g) -> Json.write(r, 200, status()))
                .on("POST", "/api/v1/tempo/enable", RouteDocs.FEATURE_CHANGE, (q, r, g) -> {
                    new BodyChecks(Json.objectBody(q)).oneOf("source", true, List.of("link", "midi_clock"))
                            .string("midi_device", false).number("bpm", false, 20, 300)
                            .integer("beats_per_bar", false, 1, 16).done();
                    throw Unavailable.refusal("Tempo sync");
                })
                .on("POST", "/api/v1/tempo/set_tempo", RouteDocs.FEATURE_CHANGE, (q, r, g) -> {
                    new BodyChecks(Json.objectBody(q)).number("bpm", true, 20, 300).done();
                    throw Unavailable.refusal("Tempo sync");
                });
    }

    static ObjectNode status() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("enabled", false);
        n.putNull("source");
        n.put("beats_per_bar", 4);
        n.putNull("beat_state");
        return n;
    }

    static ObjectNode sources() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode s = root.putObject("sources");
        ObjectNode link = s.putObject("link");
        link.put("available", false);
        link.put("name", "Ableton Link");
        link.put("install_hint", "Tempo sync is not available on this server");
        ObjectNode midi = s.putObject("midi_clock");
        midi.put("available", false);
        midi.put("name", "MIDI Clock");
        midi.putArray("devices");
        midi.put("install_hint", "Tempo sync is not available on this server");
        return root;
    }
}
