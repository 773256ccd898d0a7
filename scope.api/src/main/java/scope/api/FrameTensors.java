package scope.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves frames to and from the flat float tensors that inference engines take. Layouts are named by their axes:
 * {@code NCHW} (one frame per batch entry, channels first) and {@code NTHWC} (one clip, channels last).
 * Values map 0..255 to {@code [lo, hi]}: {@code [0,1]} or {@code [-1,1]} in practice.
 */
public final class FrameTensors {
    private FrameTensors() {
    }

    /** Frames of one size as an {@code [N,3,H,W]} tensor with values in {@code [lo, hi]}. */
    public static float[] toNCHW(List<Frame> frames, float lo, float hi) {
        Frame first = requireSameSize(frames);
        int w = first.width();
        int h = first.height();
        int plane = w * h;
        float scale = (hi - lo) / 255f;
        float[] out = new float[frames.size() * 3 * plane];
        for (int n = 0; n < frames.size(); n++) {
            byte[] rgb = frames.get(n).rgb();
            int base = n * 3 * plane;
            for (int p = 0; p < plane; p++) {
                out[base + p] = (rgb[p * 3] & 0xff) * scale + lo;
                out[base + plane + p] = (rgb[p * 3 + 1] & 0xff) * scale + lo;
                out[base + 2 * plane + p] = (rgb[p * 3 + 2] & 0xff) * scale + lo;
            }
        }
        return out;
    }

    /** An {@code [N,C,H,W]} tensor (C = 1 or 3) with values in {@code [lo, hi]} back to frames; one channel is
     * replicated to three. Values outside the range are clamped. */
    public static List<Frame> fromNCHW(float[] data, int n, int channels, int height, int width, float lo, float hi) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        int plane = width * height;
        if (data.length != n * channels * plane) {
            throw new IllegalArgumentException("tensor holds " + data.length + " values, [" + n + "," + channels + ","
                    + height + "," + width + "] needs " + n * channels * plane);
        }
        List<Frame> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] rgb = new byte[plane * 3];
            int base = i * channels * plane;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    float v = data[base + (channels == 1 ? 0 : c * plane) + p];
                    rgb[p * 3 + c] = toByte(v, lo, hi);
                }
            }
            frames.add(new Frame(width, height, rgb));
        }
        return frames;
    }

    /** Frames of one size as a {@code [1,T,H,W,3]} tensor with values in {@code [lo, hi]}. */
    public static float[] toNTHWC(List<Frame> frames, float lo, float hi) {
        Frame first = requireSameSize(frames);
        int size = first.width() * first.height() * 3;
        float scale = (hi - lo) / 255f;
        float[] out = new float[frames.size() * size];
        for (int t = 0; t < frames.size(); t++) {
            byte[] rgb = frames.get(t).rgb();
            for (int i = 0; i < size; i++) {
                out[t * size + i] = (rgb[i] & 0xff) * scale + lo;
            }
        }
        return out;
    }

    /** A {@code [1,T,H,W,3]} tensor with values in {@code [lo, hi]} back to frames (clamped). */
    public static List<Frame> fromNTHWC(float[] data, int t, int height, int width, float lo, float hi) {
        int size = width * height * 3;
        if (data.length != t * size) {
            throw new IllegalArgumentException("tensor holds " + data.length + " values, [1," + t + "," + height + ","
                    + width + ",3] needs " + t * size);
        }
        List<Frame> frames = new ArrayList<>(t);
        for (int f = 0; f < t; f++) {
            byte[] rgb = new byte[size];
            for (int i = 0; i < size; i++) {
                rgb[i] = toByte(data[f * size + i], lo, hi);
            }
            frames.add(new Frame(width, height, rgb));
        }
        return frames;
    }

    private static byte toByte(float v, float lo, float hi) {
        float unit = (v - lo) / (hi - lo);
        int b = Math.round(unit * 255f);
        return (byte) Math.max(0, Math.min(255, b));
    }

    private static Frame requireSameSize(List<Frame> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames");
        }
        Frame first = frames.get(0);
        for (Frame f : frames) {
            if (f.width() != first.width() || f.height() != first.height()) {
                throw new IllegalArgumentException("frames differ in size: " + first + " and " + f);
            }
        }
        return first;
    }
}
