package scope.runtime.settings;

import java.net.URI;
import java.util.Locale;
import java.util.function.Function;

/**
 * The host's place in a cluster: standalone (the default: no cluster code runs), a worker (owns the GPU, loads
 * pipelines, terminates WebRTC) or a gateway (serves the UI and API and places work on the workers). Each value
 * comes from the flag, else the environment, else the framework property:
 * {@code --role} / {@code SCOPE_ROLE} / {@code scope.role};
 * {@code --cluster-zk} / {@code SCOPE_CLUSTER_ZK} / {@code scope.cluster.zk} (ZooKeeper connect string);
 * {@code SCOPE_CLUSTER_SECRET} / {@code scope.cluster.secret} (shared by every member; never a flag, so it does not
 * show in process lists);
 * {@code --worker-id} / {@code SCOPE_WORKER_ID} / {@code scope.worker.id};
 * {@code --advertise-url} / {@code SCOPE_ADVERTISE_URL} / {@code scope.advertise.url} (how gateways reach a worker).
 *
 * @param role         the role
 * @param zookeeper    ZooKeeper connect string ({@code host:port[,host:port...]}), null when standalone
 * @param secret       the cluster secret, null when standalone
 * @param workerId     this worker's id (letters, digits, {@code -}, {@code _}), null unless a worker
 * @param advertiseUrl this worker's base URL as gateways reach it, null unless a worker
 */
public record ClusterSettings(Role role, String zookeeper, String secret, String workerId, String advertiseUrl) {
    /** A host's role. */
    public enum Role { STANDALONE, WORKER, GATEWAY }

    /** The minimum length of the cluster secret: it is the only thing standing between users and a worker's API. */
    public static final int MIN_SECRET_LENGTH = 16;

    public static ClusterSettings standalone() {
        return new ClusterSettings(Role.STANDALONE, null, null, null, null);
    }

    public boolean isWorker() {
        return role == Role.WORKER;
    }

    public boolean isGateway() {
        return role == Role.GATEWAY;
    }

    /**
     * Resolves the settings.
     *
     * @param lookup  a setting by its environment name ({@code SCOPE_ROLE}, ...), flags and properties already
     *                applied, null when unset
     * @param host    the address HTTP listens on
     * @param port    the HTTP port
     * @throws IllegalStateException naming the setting when a value is missing or invalid
     */
    static ClusterSettings resolve(Function<String, String> lookup, String host, int port) {
        String roleValue = lookup.apply("SCOPE_ROLE");
        if (roleValue == null || roleValue.isBlank() || roleValue.trim().equalsIgnoreCase("standalone")) {
            return standalone();
        }
        Role role;
        try {
            role = Role.valueOf(roleValue.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("--role / SCOPE_ROLE must be standalone, worker or gateway, got '"
                    + roleValue + "'");
        }
        String zk = lookup.apply("SCOPE_CLUSTER_ZK");
        if (zk == null || zk.isBlank()) {
            throw new IllegalStateException("--role " + roleValue.trim() + " needs the ZooKeeper address: "
                    + "--cluster-zk / SCOPE_CLUSTER_ZK=host:port");
        }
        String secret = lookup.apply("SCOPE_CLUSTER_SECRET");
        if (secret == null || secret.trim().length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("--role " + roleValue.trim() + " needs SCOPE_CLUSTER_SECRET, the "
                    + "secret shared by every member of the cluster, of at least " + MIN_SECRET_LENGTH
                    + " characters");
        }
        if (role == Role.GATEWAY) {
            return new ClusterSettings(role, zk.trim(), secret.trim(), null, null);
        }
        String id = lookup.apply("SCOPE_WORKER_ID");
        if (id == null || id.isBlank()) {
            id = (host + "-" + port).replaceAll("[^A-Za-z0-9_-]", "-");
        }
        id = id.trim();
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalStateException("--worker-id / SCOPE_WORKER_ID must be 1-64 letters, digits, '-' or '_', "
                    + "got '" + id + "'");
        }
        String url = lookup.apply("SCOPE_ADVERTISE_URL");
        if (url == null || url.isBlank()) {
            String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
            url = "http://" + (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
        }
        url = url.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI u = URI.create(url);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("--advertise-url / SCOPE_ADVERTISE_URL must be the worker's http(s) base "
                    + "URL, got '" + url + "'");
        }
        return new ClusterSettings(role, zk.trim(), secret.trim(), id, url);
    }

    @Override
    public String toString() {
        // never the secret
        return "ClusterSettings[role=" + role + ", zookeeper=" + zookeeper + ", workerId=" + workerId
                + ", advertiseUrl=" + advertiseUrl + "]";
    }
}
