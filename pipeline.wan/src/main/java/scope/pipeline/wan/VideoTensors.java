package scope.pipeline.wan;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.stream.IntStream;
import scope.api.Frame;

/** Frames to and from the VAE's clip layout {@code [1, 3, T, H, W]} with values in [-1, 1]. */
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

    /** A decoded clip {@code [1, 3, T, H, W]} in [-1, 1] as frames (mapped to [0, 1], then to 8 bits). */
    public static List<Frame> toFrames(HostTensor video) {
        int t = (int) video.dim(2);
        int height = (int) video.dim(3);
        int width = (int) video.dim(4);
        int plane = height * width;
        FloatBuffer direct = video.directBuffer();
        float[] data = direct == null ? video.floatData() : null;
        Frame[] frames = new Frame[t];
        // frames are independent: converted in parallel (each reads its own region and writes its own array)
        IntStream.range(0, t).parallel().forEach(f -> {
            byte[] rgb = new byte[plane * 3];
            int r = f * plane;
            int g = (t + f) * plane;
            int b = (2 * t + f) * plane;
            // one pass over the three planes, writing the interleaved pixels in order
            if (direct != null) {
                for (int p = 0, o = 0; p < plane; p++, o += 3) {
                    rgb[o] = toByte(direct.get(r + p));
                    rgb[o + 1] = toByte(direct.get(g + p));
                    rgb[o + 2] = toByte(direct.get(b + p));
                }
            } else {
                for (int p = 0, o = 0; p < plane; p++, o += 3) {
                    rgb[o] = toByte(data[r + p]);
                    rgb[o + 1] = toByte(data[g + p]);
                    rgb[o + 2] = toByte(data[b + p]);
                }
            }
            frames[f] = new Frame(width, height, rgb);
        });
        return List.of(frames);
    }

    /** (v + 1) / 2 * 255 rounded half up and clamped; NaN gives 0. */
    private static byte toByte(float v) {
        float x = (v + 1f) * 127.5f + 0.5f;
        return (byte) (x <= 0f ? 0 : x >= 255f ? 255 : (int) x);
    }
}
