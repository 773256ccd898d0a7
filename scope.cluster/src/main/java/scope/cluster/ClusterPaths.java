package scope.cluster;

/**
 * The znodes of a cluster, under the Curator namespace {@link #NAMESPACE}:
 * <ul>
 * <li>{@code /workers/<id>}: ephemeral, one per live worker, its {@link WorkerState}; gone when the worker's
 *     ZooKeeper session ends (crash, kill, cut off longer than the session timeout).</li>
 * <li>{@code /draining/<id>}: persistent, present while a worker is draining (no new loads or sessions); kept
 *     across restarts of the worker, so a drained machine stays drained until undrained.</li>
 * <li>{@code /last-load}: persistent, the worker the most recent load was placed on (what
 *     {@code /pipeline/status} and an offer naming no pipeline refer to), so every gateway answers the same.</li>
 * </ul>
 */
final class ClusterPaths {
    static final String NAMESPACE = "scope-cluster";
    static final String WORKERS = "/workers";
    static final String DRAINING = "/draining";
    static final String LAST_LOAD = "/last-load";

    private ClusterPaths() {
    }

    static String worker(String id) {
        return WORKERS + "/" + id;
    }

    static String draining(String id) {
        return DRAINING + "/" + id;
    }
}
