package scope.pipeline.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.PipelineCall;

class GrayPipelineTest {
    @Test
    void writesBt601LumaIntoAllThreeChannels() throws Exception {
        byte[] rgb = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, (byte) 200, (byte) 100, 50};
        Frame in = new Frame(2, 2, rgb, 1234);
        Frame out = new GrayPipeline().process(new PipelineCall(Parameters.empty(), List.of(in), true)).video().get(0);
        int[] expected = {76, 150, 29, 124}; // round(0.299*255), round(0.587*255), round(0.114*255), 0.299*200+...
        for (int p = 0; p < 4; p++) {
            int r = out.rgb()[p * 3] & 0xff;
            assertEquals(r, out.rgb()[p * 3 + 1] & 0xff);
            assertEquals(r, out.rgb()[p * 3 + 2] & 0xff);
            assertTrue(Math.abs(r - expected[p]) <= 1, "pixel " + p + " luma " + r + " vs " + expected[p]);
        }
        assertEquals(1234, out.timestampNanos());
    }

    @Test
    void passthroughTakesFourFramesUnlessTheStreamSetsInputSize() {
        assertEquals(4, new PassthroughPipeline().prepare(Parameters.empty()).inputSize());
        assertEquals(1, new PassthroughPipeline().prepare(
                new Parameters(java.util.Map.of("input_size", 1L), true)).inputSize());
    }

    @Test
    void asksForOneFramePerCall() {
        assertEquals(1, new GrayPipeline().prepare(Parameters.empty()).inputSize());
    }
}
