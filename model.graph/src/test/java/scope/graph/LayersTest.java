package scope.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each shared layer in ONNX Runtime against a direct Java computation of its formula. */
class LayersTest {
    @TempDir
    Path dir;

    private static float[] random(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }

    private float[] run(GraphBuilder g, Map<String, Object> inputs) throws Exception {
        Path file = dir.resolve(System.nanoTime() + ".onnx");
        ModelWriter.write(g, file, ModelWriter.Placement.AUTO);
        return Ort.run(file, "y", inputs);
    }

    @Test
    void rmsNormAndLayerNorm() throws Exception {
        int rows = 3;
        int dim = 8;
        float[] x = random(1, rows * dim, 3);
        float[] w = random(2, dim, 1);
        float[] b = random(3, dim, 1);

        GraphBuilder g = new GraphBuilder("rms", Precision.FP32);
        String in = g.input("x", DataType.FLOAT, rows, dim);
        g.output(Layers.rmsNorm(g, in, g.weight(w, dim), 1e-6f), "y", DataType.FLOAT, rows, dim);
        float[] rms = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            double ms = 0;
            for (int i = 0; i < dim; i++) {
                ms += x[r * dim + i] * x[r * dim + i];
            }
            double inv = 1 / Math.sqrt(ms / dim + 1e-6);
            for (int i = 0; i < dim; i++) {
                rms[r * dim + i] = (float) (w[i] * x[r * dim + i] * inv);
            }
        }
        assertClose(rms, run(g, Map.of("x", Ort.floats(x, rows, dim))), 1e-5);

        GraphBuilder l = new GraphBuilder("ln", Precision.FP32);
        String lin = l.input("x", DataType.FLOAT, rows, dim);
        l.output(Layers.layerNorm(l, lin, dim, l.weight(w, dim), l.weight(b, dim), 1e-5f), "y", DataType.FLOAT,
                rows, dim);
        float[] ln = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int i = 0; i < dim; i++) {
                mean += x[r * dim + i];
            }
            mean /= dim;
            double var = 0;
            for (int i = 0; i < dim; i++) {
                var += (x[r * dim + i] - mean) * (x[r * dim + i] - mean);
            }
            var /= dim;
            for (int i = 0; i < dim; i++) {
                ln[r * dim + i] = (float) ((x[r * dim + i] - mean) / Math.sqrt(var + 1e-5) * w[i] + b[i]);
            }
        }
        assertClose(ln, run(l, Map.of("x", Ort.floats(x, rows, dim))), 1e-5);
    }

    @Test
    void geluTanh() throws Exception {
        float[] x = random(4, 64, 5);
        GraphBuilder g = new GraphBuilder("gelu", Precision.FP32);
        g.output(Layers.geluTanh(g, g.input("x", DataType.FLOAT, 64)), "y", DataType.FLOAT, 64);
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            expected[i] = (float) (0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
        }
        assertClose(expected, run(g, Map.of("x", Ort.floats(x, 64))), 1e-5);
    }

    @Test
    void attentionWithScaleBiasAndKeyMask() throws Exception {
        int batch = 2;
        int lq = 3;
        int lk = 5;
        int heads = 2;
        int hd = 4;
        int width = heads * hd;
        float[] q = random(5, batch * lq * width, 1);
        float[] k = random(6, batch * lk * width, 1);
        float[] v = random(7, batch * lk * width, 1);
        float[] bias = random(8, heads * lq * lk, 1);
        boolean[] mask = new boolean[batch * lk];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < lk; j++) {
                mask[b * lk + j] = j < (b == 0 ? 2 : 4);
            }
        }
        float scale = 0.5f;

        GraphBuilder g = new GraphBuilder("attn", Precision.FP32);
        String qi = g.input("q", DataType.FLOAT, "b", "lq", width);
        String ki = g.input("k", DataType.FLOAT, "b", "lk", width);
        String vi = g.input("v", DataType.FLOAT, "b", "lk", width);
        String mi = g.input("mask", DataType.BOOL, "b", "lk");
        String bi = g.weight(bias, 1, heads, lq, lk);
        g.output(Layers.attention(g, qi, ki, vi, heads, hd, scale, bi, mi), "y", DataType.FLOAT, "b", "lq", width);

        float[] expected = new float[batch * lq * width];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < lq; i++) {
                    double[] s = new double[lk];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < lk; j++) {
                        double dot = 0;
                        for (int d = 0; d < hd; d++) {
                            dot += q[(b * lq + i) * width + h * hd + d] * k[(b * lk + j) * width + h * hd + d];
                        }
                        s[j] = mask[b * lk + j] ? dot * scale + bias[(h * lq + i) * lk + j] : Double.NEGATIVE_INFINITY;
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < lk; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int d = 0; d < hd; d++) {
                        double o = 0;
                        for (int j = 0; j < lk; j++) {
                            o += s[j] / sum * v[(b * lk + j) * width + h * hd + d];
                        }
                        expected[(b * lq + i) * width + h * hd + d] = (float) o;
                    }
                }
            }
        }
        float[] y = run(g, Map.of("q", Ort.floats(q, batch, lq, width), "k", Ort.floats(k, batch, lk, width),
                "v", Ort.floats(v, batch, lk, width), "mask", Ort.bools(mask, batch, lk)));
        assertClose(expected, y, 1e-5);
    }
}
