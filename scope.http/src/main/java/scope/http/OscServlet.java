package scope.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.osc.OscControl;
import scope.osc.OscStatus;

/**
 * {@code /api/v1/osc/*}, Scope's OSC routes over the {@link OscControl} service: status (with this server's
 * counters besides Scope's fields), the log setting, the address inventory and the UI graph's part of it, a help
 * page, and the event stream of applied and refused messages (Server-Sent Events, which Scope's UI follows). Without
 * the service the routes answer as Scope does when OSC is off, and the event stream answers 204.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/osc/*")
public class OscServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    static final List<String> TYPES = List.of("float", "integer", "bool", "string", "integer_list");
    /** Event streams open at once; each holds a request thread. */
    static final int MAX_STREAMS = 16;
    /** A comment line this often keeps proxies and the browser from timing the stream out, and finds gone clients. */
    static final long KEEPALIVE_MILLIS = 15_000;
    private static final ObjectNode END = Json.MAPPER.createObjectNode();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile OscControl osc;
    private final transient AtomicInteger streams = new AtomicInteger();
    private final transient List<BlockingQueue<ObjectNode>> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    public OscServlet() {
        router.on("GET", "/api/v1/osc/status", RouteDocs.OSC_STATUS, (q, r, g) -> Json.write(r, 200, status(osc)))
                .on("PUT", "/api/v1/osc/settings", RouteDocs.OSC_SETTINGS, (q, r, g) -> {
                    ObjectNode body = Json.objectBody(q);
                    new BodyChecks(body).bool("log_all_messages", true).done();
                    OscControl c = running();
                    Json.write(r, 200, status(c, c.logAllMessages(body.get("log_all_messages").booleanValue())));
                })
                .on("GET", "/api/v1/osc/paths", RouteDocs.OSC_PATHS, (q, r, g) -> {
                    OscControl c = osc;
                    Json.write(r, 200, c == null ? emptyPaths() : c.paths());
                })
                .on("POST", "/api/v1/osc/inventory", RouteDocs.OSC_INVENTORY, (q, r, g) -> {
                    ObjectNode body = Json.objectBody(q);
                    new BodyChecks(body).objects("paths", true, 10_000, entry -> entry.string("osc_address", true)
                            .oneOf("type", true, TYPES).string("description", false).number("min", false,
                                    -Double.MAX_VALUE, Double.MAX_VALUE).number("max", false, -Double.MAX_VALUE,
                                    Double.MAX_VALUE).string("node_id", false).string("param", false)
                            .string("pipeline_id", false).string("group", false)).done();
                    Json.write(r, 200, Map.of("count", running().graphInventory(body.get("paths"))));
                })
                .on("GET", "/api/v1/osc/docs", RouteDocs.OSC_DOCS, (q, r, g) -> {
                    byte[] page = OscHelpPage.render(osc).getBytes(StandardCharsets.UTF_8);
                    r.setStatus(200);
                    r.setContentType("text/html; charset=utf-8");
                    r.setContentLength(page.length);
                    r.getOutputStream().write(page);
                })
                .on("GET", "/api/v1/osc/stream", RouteDocs.OSC_STREAM, (q, r, g) -> events(r));
    }

    @Deactivate
    void deactivate() {
        open.forEach(queue -> queue.offer(END)); // ends the streams' loops
    }

    private OscControl running() throws ApiException {
        OscControl c = osc;
        if (c == null || !c.status().enabled()) {
            throw new ApiException(503, "OSC server not running" + (c == null ? "" : ": " + c.status().note()));
        }
        return c;
    }

    /** The event stream: one {@code data:} line of JSON per event, until the client leaves. */
    private void events(HttpServletResponse r) throws IOException, ApiException {
        OscControl c = osc;
        if (c == null || !c.status().enabled()) {
            Unavailable.noEventStream(r);
            return;
        }
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            throw new ApiException(503, "too many OSC event streams are open (" + MAX_STREAMS + ")");
        }
        BlockingQueue<ObjectNode> queue = new ArrayBlockingQueue<>(100);
        open.add(queue);
        try (AutoCloseable subscription = c.subscribe(queue::offer)) { // a full queue drops events, as Scope's
            r.setStatus(200);
            r.setContentType("text/event-stream;charset=utf-8");
            r.setHeader("Cache-Control", "no-cache");
            r.setHeader("X-Accel-Buffering", "no");
            ServletOutputStream out = r.getOutputStream();
            out.write(": OSC events\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                ObjectNode event = queue.poll(KEEPALIVE_MILLIS, TimeUnit.MILLISECONDS);
                if (event == END) {
                    return;
                }
                String text = event == null ? ": keepalive\n\n" : "data: " + Json.MAPPER.writeValueAsString(event)
                        + "\n\n";
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            open.remove(queue);
            streams.decrementAndGet();
        }
    }

    static ObjectNode status(OscControl c) {
        return c == null ? offStatus() : status(c, c.status());
    }

    /** Scope's fields ({@code enabled, listening, port, host, log_all_messages}), then this server's counters. */
    static ObjectNode status(OscControl c, OscStatus s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("enabled", s.enabled());
        n.put("listening", s.listening());
        if (s.port() == null) {
            n.putNull("port");
        } else {
            n.put("port", s.port());
        }
        n.put("host", s.host());
        n.put("log_all_messages", s.logAllMessages());
        n.put("note", s.note());
        n.put("packets_received", s.packetsReceived());
        n.put("malformed_packets", s.malformedPackets());
        n.put("messages_applied", s.messagesApplied());
        n.put("messages_refused", s.messagesRefused());
        n.put("unknown_addresses", s.unknownAddresses());
        n.put("without_session", s.withoutSession());
        return n;
    }

    static ObjectNode offStatus() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("enabled", false);
        n.put("listening", false);
        n.putNull("port");
        n.putNull("host");
        n.put("log_all_messages", false);
        return n;
    }

    /** Scope's {@code {active, available, active_pipeline_ids}} with nothing in it. */
    static ObjectNode emptyPaths() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.putObject("active");
        n.putObject("available");
        n.putArray("active_pipeline_ids");
        return n;
    }
}
