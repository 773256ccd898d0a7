package scope.pipeline.depth;

import java.util.Map;
import java.util.Set;
import scope.api.onnx.FloatTensor;
import scope.api.onnx.InferenceSession;
import scope.api.onnx.OnnxException;
import scope.api.onnx.TensorSpec;

/**
 * The Depth Anything ONNX contract (see README): input {@code pixel_values} float32 {@code [1,3,H,W]}, RGB scaled
 * to [0,1] and normalised with the ImageNet mean/std, H and W multiples of 14 with the shorter side 518 (or the
 * export's fixed size); output {@code predicted_depth} float32 {@code [1,H,W]} (or {@code [1,1,H,W]}): relative
 * inverse depth, larger = nearer.
 */
final class DepthModel implements AutoCloseable {
    static final String INPUT = "pixel_values";
    static final String OUTPUT = "predicted_depth";
    static final int SIZE = 518;
    static final int PATCH = 14;
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final InferenceSession session;
    private final long fixedHeight;
    private final long fixedWidth;

    DepthModel(InferenceSession session) throws OnnxException {
        this.session = session;
        TensorSpec in = session.inputs().get(INPUT);
        TensorSpec out = session.outputs().get(OUTPUT);
        if (in == null || out == null || in.rank() != 4 || (in.dimension(1) != 3 && in.dimension(1) != -1)
                || !"float".equals(in.elementType()) || (out.rank() != 3 && out.rank() != 4)) {
            throw new OnnxException(session.model() + " is not a Depth Anything export: expected input '" + INPUT
                    + "' float[N,3,H,W] and output '" + OUTPUT + "' float[N,H,W]; found inputs "
                    + session.inputs().values() + ", outputs " + session.outputs().values());
        }
        fixedHeight = in.dimension(2);
        fixedWidth = in.dimension(3);
    }

    String executionProvider() {
        return session.executionProvider();
    }

    /** The model's input size for a frame of {@code w x h}: {@code {width, height}}. */
    int[] inputSize(int w, int h) {
        if (fixedHeight > 0 && fixedWidth > 0) {
            return new int[] {(int) fixedWidth, (int) fixedHeight};
        }
        // Keep the aspect ratio; the shorter side becomes 518, both sides multiples of 14 (Depth Anything's
        // "lower_bound" resize).
        double scale = Math.max((double) SIZE / w, (double) SIZE / h);
        return new int[] {multipleOfPatch(w * scale), multipleOfPatch(h * scale)};
    }

    private static int multipleOfPatch(double v) {
        int m = (int) Math.round(v / PATCH) * PATCH;
        return m < SIZE ? (int) Math.ceil(v / PATCH) * PATCH : m;
    }

    /** Relative depth of one RGB frame at the model's resolution; {@code size} receives {width, height}. */
    float[] predict(byte[] rgb, int w, int h, int[] size) throws OnnxException {
        int[] in = inputSize(w, h);
        float[] pixels = new float[3 * in[0] * in[1]];
        Resize.rgbToNormalisedChw(rgb, w, h, in[0], in[1], MEAN, STD, pixels);
        Map<String, FloatTensor> out = session.run(Map.of(INPUT, new FloatTensor(pixels, 1, 3, in[1], in[0])),
                Set.of(OUTPUT));
        FloatTensor depth = out.get(OUTPUT);
        int rank = depth.rank();
        size[0] = (int) depth.dimension(rank - 1);
        size[1] = (int) depth.dimension(rank - 2);
        if ((long) size[0] * size[1] != depth.data().length) {
            throw new OnnxException("unexpected '" + OUTPUT + "' shape " + java.util.Arrays.toString(depth.shape())
                    + " from " + session.model().getFileName());
        }
        return depth.data();
    }

    @Override
    public void close() {
        session.close();
    }
}
