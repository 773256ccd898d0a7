package scope.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import scope.runtime.gpu.Availability;
import scope.runtime.gpu.GpuInfo;
import scope.runtime.gpu.HardwareService;
import scope.runtime.manager.InstanceView;
import scope.runtime.events.PlatformEvents;
import scope.runtime.manager.PipelineManager;
import scope.runtime.plugins.FailedPluginInfo;
import scope.runtime.plugins.PluginInfo;
import scope.runtime.plugins.PluginService;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.registry.RegisteredPipeline;
import scope.runtime.stream.ManagedStreams;
import scope.runtime.stream.Stream;
import scope.runtime.stream.StreamStats;

/**
 * The "Scope" page of the Felix web console (/system/console/scope): GPU and VRAM, every pipeline with its bundle
 * and availability, the loaded instances with their load params and instance ids, the running streams with their
 * rates, and the plugins with their source and state. A plain servlet with the web console's label/title
 * properties: the console (5.x, Jakarta) finds it as a plugin and renders it inside its own page and login.
 * It also lists the recent platform events the runtime recorded.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=scope",
    "felix.webconsole.title=Scope",
    "felix.webconsole.category=Scope"})
public class ScopeConsolePlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient HardwareService hardware;
    private final transient PipelineRegistry registry;
    private final transient PipelineManager manager;
    private final transient ManagedStreams streams;
    private final transient PluginService plugins;
    private final transient PlatformEvents events;
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private transient volatile scope.osc.OscControl osc;

    @Activate
    public ScopeConsolePlugin(@Reference HardwareService hardware, @Reference PipelineRegistry registry,
            @Reference PipelineManager manager, @Reference ManagedStreams streams, @Reference PluginService plugins,
            @Reference PlatformEvents events) {
        this.hardware = hardware;
        this.registry = registry;
        this.manager = manager;
        this.streams = streams;
        this.plugins = plugins;
        this.events = events;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        PrintWriter w = resp.getWriter();
        GpuInfo gpu = hardware.gpu();
        w.println("<h2>GPU</h2>");
        w.println("<p id='scope-gpu'>VRAM used for filtering: <b>" + gpu.vramGb() + " GB</b> (from "
                + esc(gpu.source()) + ")</p>");
        table(w, "scope-devices", List.of("Index", "Device", "Total (GB)", "Free (GB)"),
                gpu.devices().stream().map(d -> List.of(Integer.toString(d.index()), d.name(),
                        Double.toString(d.totalGb()), Double.toString(d.freeGb()))).toList());

        w.println("<h2>Pipelines</h2>");
        table(w, "scope-pipelines", List.of("Id", "Name", "Bundle", "Usage", "Est. VRAM (GB)", "Available"),
                registry.pipelines().stream().map(this::pipelineRow).toList());

        w.println("<h2>Loaded instances</h2>");
        table(w, "scope-instances", List.of("Node", "Pipeline", "Status", "Instance id", "Load params", "Loaded at",
                "Bundle", "Error"), manager.status().instances().stream().map(ScopeConsolePlugin::instanceRow)
                        .toList());

        w.println("<h2>Sessions</h2>");
        Map<String, List<String>> byStream = streams.instancesByStream();
        table(w, "scope-sessions", List.of("Stream", "Instances", "Frames in", "Frames out", "Delivered fps",
                "Pipeline fps"), streams.streams().stream().map(s -> sessionRow(s, byStream)).toList());

        w.println("<h2>OSC</h2>");
        scope.osc.OscControl c = osc;
        scope.osc.OscStatus o = c == null ? null : c.status();
        table(w, "scope-osc", List.of("Listening", "Address", "Packets", "Malformed", "Applied", "Refused",
                "Unknown address", "No session", "Note"), o == null ? List.of() : List.of(List.of(
                        Boolean.toString(o.listening()), o.host() == null ? "" : "udp://" + o.host() + ":" + o.port(),
                        Long.toString(o.packetsReceived()), Long.toString(o.malformedPackets()),
                        Long.toString(o.messagesApplied()), Long.toString(o.messagesRefused()),
                        Long.toString(o.unknownAddresses()), Long.toString(o.withoutSession()), str(o.note()))));

        w.println("<h2>Plugins</h2>");
        table(w, "scope-plugins", List.of("Name", "Version", "Source", "State", "File", "Pipelines"),
                plugins.plugins().stream().map(ScopeConsolePlugin::pluginRow).toList());
        List<FailedPluginInfo> failed = plugins.failed();
        if (!failed.isEmpty()) {
            w.println("<h3>Failed plugins</h3>");
            table(w, "scope-failed", List.of("Name", "File", "Error", "Message"), failed.stream()
                    .map(f -> List.of(f.name(), str(f.file()), f.errorType(), f.errorMessage())).toList());
        }
        w.println("<h2>Recent events</h2>");
        table(w, "scope-events", List.of("Time", "Event"), events.recent().stream()
                .map(e -> List.of(e.at().toString(), e.text())).toList());
        w.println("<p>Plugins folder: <code>" + esc(plugins.folder().toString()) + "</code>. Settings: "
                + "Configuration &rarr; \"Scope hardware\", \"Scope plugins\".</p>");
    }

    private List<String> pipelineRow(RegisteredPipeline p) {
        Availability a = hardware.availability(p.descriptor().estimatedVramGb());
        return List.of(p.id(), p.descriptor().name(), p.origin().symbolicName() + " " + p.origin().version()
                + " [" + p.origin().bundleId() + "]", p.descriptor().usage().toString(),
                str(p.descriptor().estimatedVramGb()), a.available() ? "yes" : "no: " + a.reason());
    }

    private static List<String> instanceRow(InstanceView v) {
        return List.of(v.nodeId(), v.pipelineId(), v.status().toString(), v.instanceId(),
                String.valueOf(v.loadParams()), str(v.loadedAt()), Long.toString(v.bundleId()), str(v.error()));
    }

    private static List<String> sessionRow(Stream s, Map<String, List<String>> byStream) {
        StreamStats st = s.stats();
        return List.of(s.id(), String.join(", ", byStream.getOrDefault(s.id(), List.of())),
                Long.toString(st.framesIn()), Long.toString(st.framesOut()),
                String.format("%.1f", st.deliveredFps()), String.format("%.1f", st.pipelineFps()));
    }

    private static List<String> pluginRow(PluginInfo p) {
        return List.of(p.name(), p.version(), p.source(), p.state(), str(p.file()),
                String.join(", ", p.pipelines().stream().map(RegisteredPipeline::id).toList()));
    }

    private static void table(PrintWriter w, String id, List<String> headers, List<List<String>> rows) {
        w.println("<table class='tablesorter nicetable' id='" + id + "'><thead><tr>");
        headers.forEach(h -> w.print("<th>" + esc(h) + "</th>"));
        w.println("</tr></thead><tbody>");
        if (rows.isEmpty()) {
            w.println("<tr><td colspan='" + headers.size() + "'>none</td></tr>");
        }
        for (List<String> r : rows) {
            w.print("<tr>");
            r.forEach(c -> w.print("<td>" + esc(c) + "</td>"));
            w.println("</tr>");
        }
        w.println("</tbody></table>");
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /** Everything shown comes from plugins and clients: escape it all. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
