package scope.cluster;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.runtime.settings.ClusterSettings;
import scope.runtime.settings.ScopeSettings;

/**
 * Turns the role from the host's settings ({@code --role}, {@code SCOPE_ROLE}, ...) into the OSGi configuration
 * of the {@link WorkerAnnouncer} or the {@link GatewayServlet}, which need one ({@code configuration-policy =
 * REQUIRE}): a standalone host gets neither, so no cluster code runs. Configurations it made earlier (marked
 * {@value #SOURCE}) and no longer wanted are deleted, so a host started standalone after a worker run is
 * standalone again; configurations made elsewhere (the web console) are left alone.
 */
@Component(immediate = true)
public class ClusterConfigurer {
    static final String SOURCE = "scope.cluster.source";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfigurer.class);

    @Activate
    public ClusterConfigurer(@Reference ScopeSettings settings, @Reference ConfigurationAdmin admin,
            BundleContext context) throws IOException {
        ClusterSettings cluster = settings.cluster();
        int sessionTimeout = intSetting(context, "SCOPE_CLUSTER_SESSION_TIMEOUT_MS", "scope.cluster.session.timeout.ms",
                10_000);
        Hashtable<String, Object> common = new Hashtable<>();
        if (cluster.role() != ClusterSettings.Role.STANDALONE) {
            common.put("zookeeper", cluster.zookeeper());
            common.put("session.timeout.ms", sessionTimeout);
            common.put(SOURCE, "settings");
        }
        if (cluster.isWorker()) {
            Hashtable<String, Object> worker = new Hashtable<>(common);
            worker.put("worker.id", cluster.workerId());
            worker.put("advertise.url", cluster.advertiseUrl());
            worker.put("max.sessions", intSetting(context, "SCOPE_CLUSTER_MAX_SESSIONS",
                    "scope.cluster.max.sessions", 4));
            apply(admin, WorkerAnnouncer.PID, worker);
        } else {
            apply(admin, WorkerAnnouncer.PID, null);
        }
        apply(admin, GatewayServlet.PID, cluster.isGateway() ? common : null);
        if (cluster.role() != ClusterSettings.Role.STANDALONE) {
            LOG.info("Cluster role {} on ZooKeeper {} (session timeout {} ms)", cluster.role(), cluster.zookeeper(),
                    sessionTimeout);
        }
    }

    private static void apply(ConfigurationAdmin admin, String pid, Dictionary<String, Object> wanted)
            throws IOException {
        Configuration c = admin.getConfiguration(pid, "?");
        Dictionary<String, Object> current = c.getProperties();
        boolean ours = current == null || "settings".equals(current.get(SOURCE));
        if (wanted != null) {
            c.updateIfDifferent(wanted);
        } else if (current != null && ours) {
            c.delete();
        } else if (current == null) {
            c.delete(); // getConfiguration made an empty one: leave nothing behind
        }
    }

    private static int intSetting(BundleContext context, String env, String property, int fallback) {
        String v = System.getenv(env);
        if (v == null || v.isBlank()) {
            v = context.getProperty(property);
        }
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalStateException(env + " must be a positive whole number, got '" + v + "'");
    }
}
