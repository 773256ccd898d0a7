package scope.cluster;

/** No worker can take a load or a session; {@link #status()} is the HTTP answer, the message says why per worker. */
final class PlacementRefused extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    PlacementRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
