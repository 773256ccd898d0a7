package scope.cluster;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/** Curator clients of this bundle: one per component, in the cluster's namespace. */
final class ZooKeeperClients {
    private ZooKeeperClients() {
    }

    /**
     * A started client; it connects in the background (and keeps retrying), so a component never waits for
     * ZooKeeper in its activation.
     *
     * @param sessionTimeoutMs how long ZooKeeper keeps a silent client's session (and so a dead worker's znode)
     */
    static CuratorFramework start(String connect, int sessionTimeoutMs) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // ZooKeeper picks its socket implementation by class name: load it from this bundle
        Thread.currentThread().setContextClassLoader(ZooKeeperClients.class.getClassLoader());
        try {
            CuratorFramework client = CuratorFrameworkFactory.builder()
                    .connectString(connect)
                    .namespace(ClusterPaths.NAMESPACE)
                    .sessionTimeoutMs(sessionTimeoutMs)
                    .connectionTimeoutMs(Math.min(sessionTimeoutMs, 5000))
                    .retryPolicy(new ExponentialBackoffRetry(200, 10, 2000))
                    .build();
            client.start();
            return client;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
