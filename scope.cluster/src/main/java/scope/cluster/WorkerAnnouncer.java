package scope.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.runtime.gpu.GpuInfo;
import scope.runtime.gpu.HardwareService;
import scope.runtime.manager.InstanceView;
import scope.runtime.manager.PipelineManager;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.settings.ScopeSettings;
import scope.webrtc.SessionInfo;
import scope.webrtc.WebRtcSignaling;

/**
 * A worker's membership: an ephemeral znode {@code /workers/<id>} holding its {@link WorkerState}, rewritten
 * within {@value #REFRESH_MS} ms of a change of its instances or sessions. ZooKeeper deletes the node when the
 * worker's session ends - the process died, or it was cut off for longer than the session timeout - which is how
 * gateways stop placing work here; Curator's {@link PersistentNode} creates it again when the worker reaches
 * ZooKeeper again (a worker that comes back rejoins). Streams already running are not touched when ZooKeeper is
 * lost: their media never went through the cluster.
 */
@Component(configurationPid = WorkerAnnouncer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class WorkerAnnouncer {
    static final String PID = "scope.cluster.worker";
    static final long REFRESH_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(WorkerAnnouncer.class);
    static final ObjectMapper JSON = new ObjectMapper();

    /** The worker's configuration (made from the host's settings by {@link ClusterConfigurer}). */
    public @interface Config {
        String zookeeper();

        String worker_id();

        String advertise_url();

        int session_timeout_ms() default 10_000;

        int max_sessions() default 4;
    }

    private final PipelineManager manager;
    private final HardwareService hardware;
    private final WebRtcSignaling signaling;
    private final PipelineRegistry registry;
    private final CuratorFramework client;
    private final PersistentNode node;
    private final ScheduledExecutorService refresher;
    private final String id;
    private final String url;
    private final int maxSessions;
    private final Integer gpuIndex;
    private final long startedAt = System.currentTimeMillis();
    private byte[] published;

    @Activate
    public WorkerAnnouncer(Config config, @Reference ScopeSettings settings, @Reference PipelineManager manager,
            @Reference HardwareService hardware, @Reference WebRtcSignaling signaling,
            @Reference PipelineRegistry registry) {
        if (settings.cluster().secret() == null) {
            throw new IllegalStateException("a cluster worker needs SCOPE_CLUSTER_SECRET");
        }
        this.manager = manager;
        this.hardware = hardware;
        this.signaling = signaling;
        this.registry = registry;
        this.id = config.worker_id();
        this.url = config.advertise_url();
        this.maxSessions = config.max_sessions();
        this.gpuIndex = GpuIndex.configured();
        this.client = ZooKeeperClients.start(config.zookeeper(), config.session_timeout_ms());
        client.getConnectionStateListenable().addListener((c, state) -> connectionChanged(state));
        byte[] first = bytes(state());
        this.node = new PersistentNode(client, CreateMode.EPHEMERAL, false, ClusterPaths.worker(id), first);
        this.published = first;
        node.start();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scope-cluster-worker");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
        LOG.info("Cluster worker '{}' at {} joining through ZooKeeper {}", id, url, config.zookeeper());
    }

    @Deactivate
    void deactivate() {
        refresher.shutdownNow();
        try {
            node.close(); // deletes the znode: gateways stop placing here at once
        } catch (Exception e) {
            LOG.warn("Leaving the cluster: {}", e.toString());
        }
        client.close();
    }

    private void connectionChanged(ConnectionState state) {
        switch (state) {
            case LOST -> LOG.warn("Cluster worker '{}': ZooKeeper session lost; gateways no longer place work here "
                    + "(running streams go on); rejoining when ZooKeeper is reachable", id);
            case RECONNECTED -> LOG.info("Cluster worker '{}': reconnected to ZooKeeper", id);
            case SUSPENDED -> LOG.warn("Cluster worker '{}': connection to ZooKeeper suspended", id);
            default -> LOG.info("Cluster worker '{}': ZooKeeper {}", id, state);
        }
    }

    private void refresh() {
        try {
            byte[] next = bytes(state());
            if (!Arrays.equals(next, published)) {
                node.setData(next);
                published = next;
            }
        } catch (Exception | LinkageError e) {
            LOG.warn("Cluster worker '{}': could not publish its state: {}", id, e.toString());
        }
    }

    WorkerState state() {
        GpuInfo gpu = hardware.gpu();
        List<WorkerState.Instance> instances = new ArrayList<>();
        for (InstanceView v : manager.status().instances()) {
            instances.add(new WorkerState.Instance(v.nodeId(), v.pipelineId(), v.instanceId(), v.status().value(),
                    CanonicalJson.of(v.loadParams()), v.error()));
        }
        List<String> sessions = new ArrayList<>();
        for (SessionInfo s : signaling.sessions()) {
            sessions.add(s.sessionId());
        }
        sessions.sort(null);
        double free = FreeVram.of(gpu.vramGb(), instances, pipelineId -> registry.pipeline(pipelineId)
                .map(p -> p.descriptor().estimatedVramGb()).orElse(null));
        return new WorkerState(id, url, gpu.vramGb(), gpu.source(), gpuIndex, maxSessions, sessions, instances,
                startedAt, free);
    }

    private static byte[] bytes(WorkerState s) {
        try {
            return JSON.writeValueAsBytes(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
