package scope.pipeline.wan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The clean latent frames generated so far that a cache refresh may need: the stream's first frame and the most
 * recent ones (bounded), each with its position.
 */
public final class LatentHistory {
    /** One clean latent frame {@code [16, H8, W8]} at a position. */
    public record Entry(long position, float[] latent) {
    }

    private final int keep;
    private final Deque<Entry> recent = new ArrayDeque<>();
    private Entry first;

    public LatentHistory(int keep) {
        this.keep = keep;
    }

    public void add(long position, float[] latent) {
        if (first == null) {
            first = new Entry(position, latent);
        }
        recent.addLast(new Entry(position, latent));
        while (recent.size() > keep) {
            recent.removeFirst();
        }
    }

    public Entry first() {
        return first;
    }

    /** Up to n most recent frames, oldest first. */
    public List<Entry> last(int n) {
        List<Entry> all = new ArrayList<>(recent);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    public void clear() {
        recent.clear();
        first = null;
    }
}
