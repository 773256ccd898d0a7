package scope.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's reads and writes of the cluster's znodes (see {@link ClusterPaths}). Read from ZooKeeper on every
 * call: a gateway keeps nothing of its own, so any number of gateways answer alike.
 */
final class ClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);
    private final CuratorFramework client;

    ClusterView(CuratorFramework client) {
        this.client = client;
    }

    /** The live workers, by id. */
    List<WorkerState> workers() throws Exception {
        List<WorkerState> out = new ArrayList<>();
        List<String> ids;
        try {
            ids = client.getChildren().forPath(ClusterPaths.WORKERS);
        } catch (KeeperException.NoNodeException e) {
            return out;
        }
        for (String id : ids) {
            try {
                byte[] data = client.getData().forPath(ClusterPaths.worker(id));
                out.add(WorkerAnnouncer.JSON.readValue(data, WorkerState.class));
            } catch (KeeperException.NoNodeException e) {
                // left between the two reads
            } catch (java.io.IOException e) {
                LOG.warn("Worker '{}' publishes a state this gateway cannot read: {}", id, e.getMessage());
            }
        }
        out.sort(java.util.Comparator.comparing(WorkerState::id));
        return out;
    }

    Optional<WorkerState> worker(String id) throws Exception {
        try {
            return Optional.of(WorkerAnnouncer.JSON.readValue(client.getData().forPath(ClusterPaths.worker(id)),
                    WorkerState.class));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }

    Set<String> draining() throws Exception {
        try {
            return new HashSet<>(client.getChildren().forPath(ClusterPaths.DRAINING));
        } catch (KeeperException.NoNodeException e) {
            return Set.of();
        }
    }

    void setDraining(String id, boolean draining) throws Exception {
        if (draining) {
            try {
                client.create().creatingParentsIfNeeded().forPath(ClusterPaths.draining(id));
            } catch (KeeperException.NodeExistsException e) {
                // already draining
            }
        } else {
            try {
                client.delete().forPath(ClusterPaths.draining(id));
            } catch (KeeperException.NoNodeException e) {
                // not draining
            }
        }
    }

    /** The worker the last load went to, or null. */
    String lastLoadWorker() throws Exception {
        try {
            JsonNode n = WorkerAnnouncer.JSON.readTree(client.getData().forPath(ClusterPaths.LAST_LOAD));
            return n.path("worker").asText(null);
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
    }

    void setLastLoad(String workerId) throws Exception {
        ObjectNode n = WorkerAnnouncer.JSON.createObjectNode().put("worker", workerId)
                .put("at", System.currentTimeMillis());
        byte[] data = WorkerAnnouncer.JSON.writeValueAsBytes(n);
        try {
            client.setData().forPath(ClusterPaths.LAST_LOAD, data);
        } catch (KeeperException.NoNodeException e) {
            try {
                client.create().creatingParentsIfNeeded().forPath(ClusterPaths.LAST_LOAD, data);
            } catch (KeeperException.NodeExistsException raced) {
                client.setData().forPath(ClusterPaths.LAST_LOAD, data);
            }
        }
    }
}
