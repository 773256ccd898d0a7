package scope.pipeline.depth;

/** Bilinear resizing (half-pixel centres, as in OpenCV and PyTorch with align_corners=False). */
final class Resize {
    private Resize() {
    }

    /**
     * Packed RGB bytes resized to {@code outW x outH} and written as a normalised {@code [3,outH,outW]} plane set:
     * {@code (v/255 - mean[c]) / std[c]}.
     */
    static void rgbToNormalisedChw(byte[] rgb, int w, int h, int outW, int outH, float[] mean, float[] std,
            float[] out) {
        int plane = outW * outH;
        float[] scale = new float[3];
        float[] offset = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / (255f * std[c]);
            offset[c] = -mean[c] / std[c];
        }
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        float[] fx = new float[outW];
        axis(w, outW, x0, x1, fx);
        int[] y0 = new int[outH];
        int[] y1 = new int[outH];
        float[] fy = new float[outH];
        axis(h, outH, y0, y1, fy);
        for (int y = 0; y < outH; y++) {
            int r0 = y0[y] * w * 3;
            int r1 = y1[y] * w * 3;
            float wy = fy[y];
            for (int x = 0; x < outW; x++) {
                int a = r0 + x0[x] * 3;
                int b = r0 + x1[x] * 3;
                int c0 = r1 + x0[x] * 3;
                int d = r1 + x1[x] * 3;
                float wx = fx[x];
                int o = y * outW + x;
                for (int c = 0; c < 3; c++) {
                    float top = (rgb[a + c] & 0xff) + ((rgb[b + c] & 0xff) - (rgb[a + c] & 0xff)) * wx;
                    float bottom = (rgb[c0 + c] & 0xff) + ((rgb[d + c] & 0xff) - (rgb[c0 + c] & 0xff)) * wx;
                    out[c * plane + o] = (top + (bottom - top) * wy) * scale[c] + offset[c];
                }
            }
        }
    }

    /** A single float plane resized to {@code outW x outH}. */
    static float[] plane(float[] src, int w, int h, int outW, int outH) {
        if (w == outW && h == outH) {
            return src.clone();
        }
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        float[] fx = new float[outW];
        axis(w, outW, x0, x1, fx);
        int[] y0 = new int[outH];
        int[] y1 = new int[outH];
        float[] fy = new float[outH];
        axis(h, outH, y0, y1, fy);
        float[] out = new float[outW * outH];
        for (int y = 0; y < outH; y++) {
            int r0 = y0[y] * w;
            int r1 = y1[y] * w;
            float wy = fy[y];
            for (int x = 0; x < outW; x++) {
                float wx = fx[x];
                float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * wx;
                float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * wx;
                out[y * outW + x] = top + (bottom - top) * wy;
            }
        }
        return out;
    }

    private static void axis(int in, int out, int[] i0, int[] i1, float[] f) {
        float ratio = (float) in / out;
        for (int i = 0; i < out; i++) {
            float src = (i + 0.5f) * ratio - 0.5f;
            if (src < 0) {
                src = 0;
            }
            int lo = Math.min((int) src, in - 1);
            i0[i] = lo;
            i1[i] = Math.min(lo + 1, in - 1);
            f[i] = src - lo;
        }
    }
}
