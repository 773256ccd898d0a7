package scope.webrtc.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import scope.webrtc.SessionLimitException;

/**
 * The caps on live sessions: in all and per client address. A slot is taken before anything is created for an offer
 * and given back when its session has been torn down (or the offer failed), so sessions being negotiated count too.
 */
final class SessionSlots {
    private final int max;
    private final int maxPerClient;
    private final Map<String, Integer> perClient = new HashMap<>();
    private int total;

    SessionSlots(int max, int maxPerClient) {
        this.max = max;
        this.maxPerClient = maxPerClient;
    }

    /** One taken slot; {@link #release()} is idempotent. */
    final class Slot {
        private final String client;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String client) {
            this.client = client;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                giveBack(client);
            }
        }
    }

    /**
     * @param client the client's address, or null when unknown (then only the total cap applies)
     * @throws SessionLimitException naming the cap that is reached
     */
    synchronized Slot take(String client) {
        if (total >= max) {
            throw new SessionLimitException("Too many WebRTC sessions: " + total + " live, the limit is " + max
                    + " (max_sessions); close a session or try again later", false);
        }
        if (client != null) {
            int mine = perClient.getOrDefault(client, 0);
            if (mine >= maxPerClient) {
                throw new SessionLimitException("Too many WebRTC sessions from " + client + ": " + mine
                        + " live, the limit is " + maxPerClient + " per client (max_sessions_per_client)", true);
            }
            perClient.put(client, mine + 1);
        }
        total++;
        return new Slot(client);
    }

    synchronized int live() {
        return total;
    }

    private synchronized void giveBack(String client) {
        total--;
        if (client != null) {
            perClient.computeIfPresent(client, (k, n) -> n > 1 ? n - 1 : null);
        }
    }
}
