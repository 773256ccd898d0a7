package scope.api.onnx;

/**
 * How a pipeline wants a session opened. Immutable; {@link #defaults()} lets the host choose everything: the GPU
 * where one is usable, intra-op threads = available processors, one inter-op thread.
 */
public final class SessionSettings {
    private static final SessionSettings DEFAULTS = new SessionSettings(false, 0);

    private final boolean cpuOnly;
    private final int intraOpThreads;

    private SessionSettings(boolean cpuOnly, int intraOpThreads) {
        this.cpuOnly = cpuOnly;
        this.intraOpThreads = intraOpThreads;
    }

    public static SessionSettings defaults() {
        return DEFAULTS;
    }

    /** The same settings, but never on the GPU (for small models where a transfer costs more than it saves). */
    public SessionSettings cpuOnly() {
        return new SessionSettings(true, intraOpThreads);
    }

    /** The same settings with a fixed number of intra-op threads ({@code 0} = the host's choice). */
    public SessionSettings intraOpThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0: " + threads);
        }
        return new SessionSettings(cpuOnly, threads);
    }

    public boolean isCpuOnly() {
        return cpuOnly;
    }

    /** {@code 0} means the host chooses. */
    public int intraOpThreadCount() {
        return intraOpThreads;
    }

    @Override
    public String toString() {
        return "SessionSettings[cpuOnly=" + cpuOnly + ", intraOpThreads=" + intraOpThreads + "]";
    }
}
