package scope.http;

import jakarta.servlet.Servlet;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/restart}. Scope restarts its process so that Python reloads changed plugins; bundles are
 * installed, updated and removed live here, so nothing needs restarting and nothing is: no stream stops and no
 * loaded pipeline reloads. The answer comes at once and the start time in {@code /health} moves on, which is what
 * Scope's UI waits for (it polls {@code /health} until {@code server_start_time} changes).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/restart")
public class RestartServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestartServlet.class);

    @Activate
    public RestartServlet(@Reference ServerEpoch epoch) {
        router.on("POST", "/api/v1/restart", RouteDocs.RESTART, (q, r, g) -> {
            double startTime = epoch.renew();
            LOG.info("Restart requested: nothing to restart, plugins apply live (server_start_time now {})", startTime);
            Json.write(r, 200, Map.of("message", "No restart needed: plugin changes apply live, nothing was reloaded",
                    "server_start_time", startTime));
        });
    }
}
