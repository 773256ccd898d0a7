package scope.cluster;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console's "Scope cluster" page (/system/console/cluster) on a gateway: every worker with its URL, GPU,
 * VRAM (total and left), instances, sessions and draining mark, and a Drain / Undrain button each. The buttons post a form to this page,
 * which marks the worker as the drain route does ({@link GatewayServlet#setDraining}) and sends the browser back
 * (303). The console's login guards the page; the HTTP bundle's request guard refuses a post from another origin
 * before it gets here, as for the console's own posts. Exists only while the gateway servlet does.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=" + ClusterConsolePage.LABEL,
    "felix.webconsole.title=Scope cluster",
    "felix.webconsole.category=Scope"})
public class ClusterConsolePage extends HttpServlet {
    static final String LABEL = "cluster";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConsolePage.class);

    private final transient GatewayServlet gateway;

    @Activate
    public ClusterConsolePage(@Reference(target = "(component.name=scope.cluster.GatewayServlet)") Servlet gateway) {
        this.gateway = (GatewayServlet) gateway;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        PrintWriter w = resp.getWriter();
        List<WorkerState> workers;
        Set<String> draining;
        try {
            workers = gateway.view().workers();
            draining = gateway.view().draining();
        } catch (Exception e) {
            LOG.warn("Cluster page: ZooKeeper cannot answer: {}", e.toString());
            w.println("<p id='cluster-error'>ZooKeeper cannot answer: " + esc(e.toString()) + "</p>");
            return;
        }
        w.println("<h2>Workers</h2>");
        w.println("<table class='tablesorter nicetable' id='cluster-workers'><thead><tr>");
        for (String h : List.of("Id", "URL", "GPU", "VRAM (GB)", "Free (GB)", "Instances", "Sessions", "Draining", "")) {
            w.print("<th>" + esc(h) + "</th>");
        }
        w.println("</tr></thead><tbody>");
        if (workers.isEmpty()) {
            w.println("<tr><td colspan='9'>none</td></tr>");
        }
        for (WorkerState s : workers) {
            boolean marked = draining.contains(s.id());
            String instances = s.instances().stream()
                    .map(i -> i.nodeId() + " (" + i.pipelineId() + ", " + i.status() + ")")
                    .collect(Collectors.joining(", "));
            w.print("<tr data-worker='" + esc(s.id()) + "'>");
            for (String c : List.of(s.id(), s.url(), s.gpuIndex() == null ? s.gpuSource()
                            : "#" + s.gpuIndex() + " (" + s.gpuSource() + ")", Double.toString(s.vramGb()),
                    s.freeVramGb() == null ? "" : s.freeVramGb().toString(), instances,
                    s.sessions() + " of " + s.maxSessions(), marked ? "yes" : "no")) {
                w.print("<td>" + esc(c) + "</td>");
            }
            w.println("<td>" + button(req, s.id(), marked) + "</td></tr>");
        }
        w.println("</tbody></table>");
        List<String> absent = draining.stream().filter(id -> workers.stream().noneMatch(s -> s.id().equals(id)))
                .sorted().toList();
        if (!absent.isEmpty()) {
            w.println("<h3>Marked draining, not in the cluster now</h3><ul id='cluster-draining-absent'>");
            for (String id : absent) {
                w.println("<li>" + esc(id) + " " + button(req, id, true) + "</li>");
            }
            w.println("</ul>");
        }
        w.println("<p>A draining worker takes no new loads or sessions; its running sessions finish. The mark is "
                + "kept in ZooKeeper, for every gateway, until it is lifted. API: <code>POST "
                + "/api/v1/cluster/workers/{id}/drain</code> with <code>{\"draining\": true|false}</code>.</p>");
    }

    private static String button(HttpServletRequest req, String workerId, boolean marked) {
        return "<form method='post' action='" + esc(req.getRequestURI()) + "' style='display:inline'>"
                + "<input type='hidden' name='worker' value='" + esc(workerId) + "'>"
                + "<input type='hidden' name='draining' value='" + !marked + "'>"
                + "<button type='submit' class='ui-state-default ui-corner-all'>" + (marked ? "Undrain" : "Drain")
                + "</button></form>";
    }

    /** A Drain / Undrain button: {@code worker=<id>&draining=true|false}, answered 303 back to the page. */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String worker = req.getParameter("worker");
        String flag = req.getParameter("draining");
        if (worker == null || worker.isBlank()) {
            plain(resp, 400, "worker: required (the id of a worker)");
            return;
        }
        if (!"true".equals(flag) && !"false".equals(flag)) {
            plain(resp, 400, "draining: expected true or false");
            return;
        }
        try {
            gateway.setDraining(worker, Boolean.parseBoolean(flag));
        } catch (GatewayError e) {
            plain(resp, e.status, e.getMessage());
            return;
        } catch (Exception e) {
            LOG.warn("Cluster page: marking '{}' failed: {}", worker, e.toString());
            plain(resp, 503, "ZooKeeper cannot answer: " + e);
            return;
        }
        resp.setStatus(303);
        resp.setHeader("Location", req.getRequestURI());
    }

    private static void plain(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().println(message);
    }

    /** Worker ids, URLs and instance names come from the cluster's members: escape them all. */
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
