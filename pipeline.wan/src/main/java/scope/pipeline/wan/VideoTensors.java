package scope.pipeline.wan;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import scope.api.Frame;

/** Frames into the VAE encoder's clip layout {@code [1, 3, T, H, W]} in [-1, 1], and out of the decoder's frames. */
public final class VideoTensors {
    private VideoTensors() {
    }

    /** Input frames resized (bilinear) to height x width, scaled to [-1, 1]. */
    public static HostTensor fromFrames(List<Frame> frames, int height, int width) {
        int t = frames.size();
        int plane = height * width;
        float[] out = new float[3 * t * plane];
        for (int f = 0; f < t; f++) {
            Frame frame = frames.get(f);
            byte[] rgb = frame.rgb();
            int sw = frame.width();
            int sh = frame.height();
            float sy = (float) sh / height;
            float sx = (float) sw / width;
            for (int y = 0; y < height; y++) {
                float fy = Math.max(0, (y + 0.5f) * sy - 0.5f);
                int y0 = Math.min((int) fy, sh - 1);
                int y1 = Math.min(y0 + 1, sh - 1);
                float wy = fy - y0;
                for (int x = 0; x < width; x++) {
                    float fx = Math.max(0, (x + 0.5f) * sx - 0.5f);
                    int x0 = Math.min((int) fx, sw - 1);
                    int x1 = Math.min(x0 + 1, sw - 1);
                    float wx = fx - x0;
                    for (int c = 0; c < 3; c++) {
                        float top = (rgb[(y0 * sw + x0) * 3 + c] & 0xff) * (1 - wx) + (rgb[(y0 * sw + x1) * 3 + c] & 0xff) * wx;
                        float bottom = (rgb[(y1 * sw + x0) * 3 + c] & 0xff) * (1 - wx) + (rgb[(y1 * sw + x1) * 3 + c] & 0xff) * wx;
                        float v = top * (1 - wy) + bottom * wy;
                        out[(c * t + f) * plane + y * width + x] = v / 127.5f - 1f;
                    }
                }
            }
        }
        return HostTensor.floats(out, 1, 3, t, height, width);
    }

    /** Byte value to [-1, 1], as {@link #fromFrames} scales. */
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 127.5f - 1f;
        }
    }

    /**
     * Frame {@code index} of the decoder's frames {@code [T, H, W, 3]} into a one-frame clip {@code [1, 3, 1, H, W]}
     * in [-1, 1] (the inverse of the decoder's pixel conversion up to its rounding), using {@code rgb} (H x W x 3
     * bytes) and {@code planes} (3 x H x W floats) as work space.
     */
    public static void toClip(HostTensor frames, int index, byte[] rgb, float[] planes, FloatBuffer out) {
        int plane = (int) (frames.dim(1) * frames.dim(2));
        if (rgb.length != 3 * plane || planes.length != 3 * plane || out.capacity() != 3 * plane) {
            throw new IllegalArgumentException(frames + " does not fill a clip of " + out.capacity() + " values");
        }
        frames.byteBuffer().get(index * rgb.length, rgb, 0, rgb.length);
        // one sequential pass over the pixels, then one bulk copy (a direct buffer's put is slow per element)
        for (int i = 0, j = 0; i < plane; i++, j += 3) {
            planes[i] = UNIT[rgb[j] & 0xff];
            planes[plane + i] = UNIT[rgb[j + 1] & 0xff];
            planes[2 * plane + i] = UNIT[rgb[j + 2] & 0xff];
        }
        out.put(0, planes);
    }

    /**
     * The decoder's frames {@code [T, H, W, 3]} (8-bit RGB, already converted in the graph) as frames: each frame's
     * bytes copied into one of {@code arrays} (T arrays of H x W x 3 bytes), which the frames then own.
     */
    public static List<Frame> toFrames(HostTensor frames, byte[][] arrays) {
        int t = (int) frames.dim(0);
        int height = (int) frames.dim(1);
        int width = (int) frames.dim(2);
        int size = height * width * 3;
        ByteBuffer data = frames.byteBuffer();
        Frame[] out = new Frame[t];
        for (int f = 0; f < t; f++) {
            data.get(f * size, arrays[f], 0, size);
            out[f] = new Frame(width, height, arrays[f]);
        }
        return List.of(out);
    }
}
