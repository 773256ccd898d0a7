package scope.webrtc.internal;

/** Names of the threads this bundle starts; all begin with {@link #PREFIX} so leaks are easy to spot. */
final class Threads {
    static final String PREFIX = "scope-webrtc-";

    private Threads() {
    }

    static String name(String role, String sessionId) {
        return PREFIX + role + "-" + sessionId.substring(0, Math.min(8, sessionId.length()));
    }
}
