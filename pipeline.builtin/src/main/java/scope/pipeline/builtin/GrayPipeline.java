package scope.pipeline.builtin;

import java.util.ArrayList;
import java.util.List;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;
import scope.api.Requirements;

/** BT.601 luma (0.299 R + 0.587 G + 0.114 B) written to all three channels; one frame per call. */
final class GrayPipeline implements Pipeline {
    @Override
    public Requirements prepare(Parameters parameters) {
        return Requirements.inputSize(1);
    }

    @Override
    public PipelineOutput process(PipelineCall call) {
        List<Frame> out = new ArrayList<>(call.video().size());
        for (Frame f : call.video()) {
            out.add(gray(f));
        }
        return PipelineOutput.of(out);
    }

    static Frame gray(Frame f) {
        byte[] in = f.rgb();
        byte[] rgb = new byte[in.length];
        for (int i = 0; i < in.length; i += 3) {
            // integer weights 77/150/29 (sum 256) approximate 0.299/0.587/0.114 within one level
            int y = (77 * (in[i] & 0xff) + 150 * (in[i + 1] & 0xff) + 29 * (in[i + 2] & 0xff) + 128) >> 8;
            byte b = (byte) y;
            rgb[i] = b;
            rgb[i + 1] = b;
            rgb[i + 2] = b;
        }
        return new Frame(f.width(), f.height(), rgb, f.timestampNanos());
    }

    @Override
    public void close() {
        // holds nothing
    }
}
