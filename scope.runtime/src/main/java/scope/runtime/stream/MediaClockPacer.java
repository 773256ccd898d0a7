package scope.runtime.stream;

/**
 * Paces frames that carry media timestamps (passed-through camera input) against the wall clock (spec 6.2).
 *
 * <p>The pacer anchors a media time to a wall time and sleeps so that wall time advances as fast as media time.
 * For a frame with media time {@code m} seen at wall time {@code w}:
 * <ol>
 * <li>no timestamp: forget everything, no sleep ({@code hardReset}, {@code validTimestamp=false});</li>
 * <li>no anchor yet: anchor at {@code (m, w)}, no sleep;</li>
 * <li>media time not increasing: re-anchor, forget the expected delta, {@code hardReset};</li>
 * <li>a jump of at least {@code max(0.25 s, 8 x expected delta)} once a delta is known: the same;</li>
 * <li>{@code drift = (w - anchorWall) - (m - anchorMedia)}; at or above 0.5 s (we are far behind): re-anchor
 * without sleeping ({@code softReanchor}), keeping the expected delta;</li>
 * <li>otherwise sleep {@code -drift} when the frame is early by more than the 10 ms deadband, else not at all.</li>
 * </ol>
 * The expected delta is an EMA (alpha 0.2) of media deltas. Because sleeps are measured from the anchor, a scheduler
 * that oversleeps does not make the delay grow: the next sleep is shorter. A stall with continuous timestamps is
 * caught up without a reset (frames go out unslept until the drift is back under the deadband).
 *
 * <p>Not thread-safe: one consumer.
 */
final class MediaClockPacer {
    static final long DEADBAND_NANOS = 10_000_000L;
    static final long SOFT_REANCHOR_NANOS = 500_000_000L;
    static final long MIN_DISCONTINUITY_NANOS = 250_000_000L;
    static final double DISCONTINUITY_FACTOR = 8.0;
    static final double EMA_ALPHA = 0.2;

    /** What to do with one frame. */
    record Decision(long sleepNanos, boolean hardReset, boolean softReanchor, boolean validTimestamp,
            long driftNanos, long wallDeltaNanos) {
    }

    private final Clock clock;
    private boolean anchored;
    private long startMedia;
    private long startWall;
    private long prevMedia;
    private long prevWall;
    private double emaDelta = Double.NaN;

    MediaClockPacer(Clock clock) {
        this.clock = clock;
    }

    /** Decides for a frame with media time {@code media} (or {@link scope.api.Frame#NO_TIMESTAMP}) at {@code wall}. */
    Decision decide(long media, long wall) {
        long wallDelta = anchored ? wall - prevWall : 0;
        if (media == scope.api.Frame.NO_TIMESTAMP) {
            reset();
            return new Decision(0, true, false, false, 0, wallDelta);
        }
        if (!anchored) {
            anchor(media, wall);
            return new Decision(0, false, false, true, 0, 0);
        }
        long mediaDelta = media - prevMedia;
        if (mediaDelta <= 0 || (!Double.isNaN(emaDelta)
                && mediaDelta >= Math.max(MIN_DISCONTINUITY_NANOS, DISCONTINUITY_FACTOR * emaDelta))) {
            anchor(media, wall);
            emaDelta = Double.NaN;
            return new Decision(0, true, false, true, 0, wallDelta);
        }
        updateEma(mediaDelta);
        long drift = (wall - startWall) - (media - startMedia);
        if (drift >= SOFT_REANCHOR_NANOS) {
            anchor(media, wall);
            return new Decision(0, false, true, true, drift, wallDelta);
        }
        prevMedia = media;
        long sleep = Math.abs(drift) <= DEADBAND_NANOS ? 0 : Math.max(0, -drift);
        return new Decision(sleep, false, false, true, drift, wallDelta);
    }

    /**
     * Anchors the media clock at this frame, sent at {@code wall} without the sleep its decision asked for (a frame
     * that came alone, see OutputPacer); the expected delta is kept. Later frames are paced from here.
     */
    void realign(long media, long wall) {
        if (media != scope.api.Frame.NO_TIMESTAMP) {
            anchor(media, wall);
        }
    }

    /** The caller's wall time after it slept for the last decision. */
    void sent(long wall) {
        prevWall = wall;
    }

    /** Decides, sleeps and records: the whole per-frame step of an output track. */
    Decision pace(long media) throws InterruptedException {
        Decision d = decide(media, clock.nanoTime());
        if (d.sleepNanos() > 0) {
            clock.sleepNanos(d.sleepNanos());
        }
        sent(clock.nanoTime());
        return d;
    }

    /** The expected media time between frames, or NaN while unknown. */
    double expectedDeltaNanos() {
        return emaDelta;
    }

    void reset() {
        anchored = false;
        emaDelta = Double.NaN;
    }

    private void anchor(long media, long wall) {
        anchored = true;
        startMedia = media;
        startWall = wall;
        prevMedia = media;
        prevWall = wall;
    }

    private void updateEma(long delta) {
        emaDelta = Double.isNaN(emaDelta) ? delta : emaDelta + EMA_ALPHA * (delta - emaDelta);
    }
}
