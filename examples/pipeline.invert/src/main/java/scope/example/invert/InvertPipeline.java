package scope.example.invert;

import java.util.ArrayList;
import java.util.List;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;
import scope.api.Requirements;

/**
 * The pipeline instance. {@code prepare} tells the chain how many input frames the next call needs (one: this is a
 * per-frame effect); {@code process} gets them with the merged runtime parameters and returns the output frames;
 * {@code close} frees what the instance holds (nothing here; a model pipeline closes its sessions).
 */
final class InvertPipeline implements Pipeline {
    @Override
    public Requirements prepare(Parameters parameters) {
        return Requirements.inputSize(1);
    }

    @Override
    public PipelineOutput process(PipelineCall call) {
        double amount = Math.max(0, Math.min(1, call.parameters().getDouble("amount", 1.0)));
        List<Frame> out = new ArrayList<>(call.video().size());
        for (Frame f : call.video()) {
            out.add(new Frame(f.width(), f.height(), invert(f.rgb(), amount), f.timestampNanos()));
        }
        return PipelineOutput.of(out);
    }

    /** out = v + amount * (255 - 2v), rounded: amount 0 keeps v, amount 1 gives 255 - v. */
    static byte[] invert(byte[] rgb, double amount) {
        int a = (int) Math.round(amount * 256); // fixed point, 8 fractional bits
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int v = rgb[i] & 0xff;
            out[i] = (byte) (v + ((a * (255 - 2 * v) + (255 - 2 * v >= 0 ? 128 : -128)) / 256));
        }
        return out;
    }

    @Override
    public void close() {
        // holds nothing
    }
}
