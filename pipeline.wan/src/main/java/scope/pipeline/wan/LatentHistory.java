package scope.pipeline.wan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The clean latent frames generated so far that a cache refresh may need: the stream's first frame and the most
 * recent ones (bounded), each with its position. Arrays of frames that drop out are handed back by {@link #spare}
 * for new frames, so a running stream allocates none; an entry's array is therefore valid until the next add.
 */
public final class LatentHistory {
    /** One clean latent frame {@code [16, H8, W8]} at a position. */
    public record Entry(long position, float[] latent) {
    }

    private final int keep;
    private final Deque<Entry> recent = new ArrayDeque<>();
    private final Deque<float[]> spares = new ArrayDeque<>();
    private Entry first;

    public LatentHistory(int keep) {
        this.keep = keep;
    }

    /** An array to fill with the next frame: one that dropped out of the history, or a new one. */
    public float[] spare(int length) {
        float[] a = spares.pollFirst();
        return a != null && a.length == length ? a : new float[length];
    }

    public void add(long position, float[] latent) {
        if (first == null) {
            first = new Entry(position, latent);
        }
        recent.addLast(new Entry(position, latent));
        while (recent.size() > keep) {
            float[] dropped = recent.removeFirst().latent();
            if (dropped != first.latent()) {
                spares.addLast(dropped);
            }
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
        spares.clear();
        first = null;
    }
}
