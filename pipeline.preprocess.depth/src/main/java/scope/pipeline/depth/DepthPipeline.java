package scope.pipeline.depth;

import java.util.ArrayList;
import java.util.List;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;
import scope.api.Requirements;

/**
 * The video-depth-anything preprocessor: per frame, Depth Anything inference, temporal smoothing, resize back to
 * the frame's size, grey depth replicated to RGB (white = near). Takes 4 frames per call, like Scope.
 */
final class DepthPipeline implements Pipeline {
    static final int FRAMES_PER_CALL = 4;
    /** Weight of the previous frame's min/max in the running normalisation range. */
    static final float RANGE_MOMENTUM = 0.8f;
    /** Weight of the previous normalised depth map (damps flicker; higher values smear motion). */
    static final float MAP_MOMENTUM = 0.5f;

    private final DepthModel model;
    private final TemporalSmoother smoother;

    DepthPipeline(DepthModel model, TemporalSmoother smoother) {
        this.model = model;
        this.smoother = smoother;
    }

    @Override
    public Requirements prepare(Parameters parameters) {
        return Requirements.inputSize(FRAMES_PER_CALL);
    }

    @Override
    public PipelineOutput process(PipelineCall call) throws Exception {
        if (call.initCache()) {
            smoother.reset();
        }
        List<Frame> out = new ArrayList<>(call.video().size());
        int[] size = new int[2];
        for (Frame frame : call.video()) {
            float[] depth = model.predict(frame.rgb(), frame.width(), frame.height(), size);
            float[] smooth = smoother.apply(depth, size[0], size[1]);
            float[] full = Resize.plane(smooth, size[0], size[1], frame.width(), frame.height());
            byte[] rgb = new byte[full.length * 3];
            for (int i = 0; i < full.length; i++) {
                byte v = (byte) Math.round(full[i] * 255f);
                rgb[i * 3] = v;
                rgb[i * 3 + 1] = v;
                rgb[i * 3 + 2] = v;
            }
            out.add(new Frame(frame.width(), frame.height(), rgb, frame.timestampNanos()));
        }
        return PipelineOutput.of(out);
    }

    @Override
    public void close() {
        model.close();
    }
}
