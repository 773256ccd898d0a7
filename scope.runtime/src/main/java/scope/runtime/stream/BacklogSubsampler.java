package scope.runtime.stream;

/**
 * Chooses which frames of a backlog a stage consumes (spec 5.4 step 5).
 *
 * <p>With {@code q} frames queued and {@code n} required, frame {@code i} of the batch is backlog index
 * {@code round(i * q / n)}; rounding is half-to-even, as Scope's Python {@code round} does. The indices are strictly
 * increasing, start at 0 and stay below {@code q}; the caller consumes every frame up to the last index, so a
 * backlog larger than {@code n} is thinned out evenly rather than truncated at one end.
 */
final class BacklogSubsampler {
    private BacklogSubsampler() {
    }

    static int[] indices(int queued, int needed) {
        if (needed < 1 || queued < needed) {
            throw new IllegalArgumentException("need 1.." + queued + " frames, asked for " + needed);
        }
        int[] out = new int[needed];
        for (int i = 0; i < needed; i++) {
            out[i] = (int) Math.rint((double) i * queued / needed);
        }
        return out;
    }
}
