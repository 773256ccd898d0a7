package scope.runtime.stream;

import scope.api.Frame;

/**
 * Sees the frames one end of a stream carries - an output as it is delivered, or the input as it arrives - without
 * taking them from anyone (a recorder). Since 1.2.
 */
public interface FrameTap {
    /**
     * A frame went by. Called on the thread that moves it (the output's consumer, the input's producer), so it must
     * return at once and never block: hand the frame to a thread of your own. Frames are immutable; keep the
     * reference, no copy is needed.
     *
     * @param atNanos when it went by, on the stream's clock ({@link System#nanoTime()} in a real stream): a paused
     *                output repeats its last frame at the same cadence, so a tap sees the pause as it was seen
     */
    void frame(Frame frame, long atNanos);

    /** The stream has stopped (or the tap was added to a stopped stream): no frame follows. Called once. */
    void ended();
}
