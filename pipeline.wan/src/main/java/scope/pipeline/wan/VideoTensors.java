package scope.pipeline.wan;

import java.util.ArrayList;
import java.util.List;
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
        float[] data = video.floatData();
        List<Frame> frames = new ArrayList<>(t);
        for (int f = 0; f < t; f++) {
            byte[] rgb = new byte[plane * 3];
            for (int c = 0; c < 3; c++) {
                int base = (c * t + f) * plane;
                for (int p = 0; p < plane; p++) {
                    float unit = (data[base + p] + 1f) * 0.5f;
                    rgb[p * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(unit * 255f)));
                }
            }
            frames.add(new Frame(width, height, rgb));
        }
        return frames;
    }
}
