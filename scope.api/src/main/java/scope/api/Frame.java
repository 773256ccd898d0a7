package scope.api;

import java.util.Objects;

/**
 * One RGB video frame: 8 bits per channel, packed row by row ({@code R,G,B,R,G,B,...}), with an optional
 * presentation timestamp. Frames are immutable by convention: a pipeline never writes into a frame it received.
 */
public final class Frame {
    /** Marks a frame without a media timestamp (generated content); the sink paces it by the pipeline's FPS. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final int width;
    private final int height;
    private final byte[] rgb;
    private final long timestampNanos;

    public Frame(int width, int height, byte[] rgb, long timestampNanos) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "rgb holds " + rgb.length + " bytes, a " + width + "x" + height + " frame needs " + width * height * 3);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.timestampNanos = timestampNanos;
    }

    public Frame(int width, int height, byte[] rgb) {
        this(width, height, rgb, NO_TIMESTAMP);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The packed RGB bytes; shared, not copied. */
    public byte[] rgb() {
        return rgb;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public boolean hasTimestamp() {
        return timestampNanos != NO_TIMESTAMP;
    }

    /** The same pixels with another timestamp. */
    public Frame withTimestamp(long nanos) {
        return new Frame(width, height, rgb, nanos);
    }

    @Override
    public String toString() {
        return "Frame[" + width + "x" + height + (hasTimestamp() ? ", t=" + timestampNanos + "ns" : "") + "]";
    }
}
