package scope.pipeline.wan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VAE's causal-conv states stay in the engine between calls: each streaming call receives exactly the previous
 * call's state outputs, a reset starts again from zeros, and every state tensor is closed once by the time the
 * pipeline closes (toy graphs with a second state, counted by {@link RecordingGraphs}).
 */
class VaeStateTest {
    private static final int SIZE = 32;
    private static final List<String> STATES = List.of("0", "1");
    private static final List<long[]> EXTRA = List.<long[]>of(new long[] {1, 2, 2, 4, 4});

    @TempDir
    Path dir;

    @Test
    void eachDecodeReceivesThePreviousDecodesStatesAndAResetStartsFromZeros() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.LONGLIVE, ToyRig.config(SIZE, SIZE, 1000), EXTRA)) {
            for (int i = 0; i < 3; i++) {
                rig.text(ToyRig.prompt("a cat"));
            }
            Map<String, Object> reset = ToyRig.prompt("a cat");
            reset.put("reset_cache", true);
            rig.text(reset);
            rig.text(ToyRig.prompt("a cat"));
            List<Map<String, HostTensor>> in = rig.graphs.runs("vae_decoder.onnx");
            List<Map<String, HostTensor>> out = rig.graphs.outputs("vae_decoder.onnx");
            assertEquals(5, in.size());
            List<Long> firstChunks = new ArrayList<>();
            in.forEach(run -> firstChunks.add(run.get("first_chunk").longData()[0]));
            assertEquals(List.of(1L, 0L, 0L, 1L, 0L), firstChunks);
            for (String k : STATES) {
                assertAllZero(in.get(0).get("state_in." + k).floatData(), "the stream starts from zeros");
                assertAllZero(in.get(3).get("state_in." + k).floatData(), "a reset starts from zeros again");
                for (int n : List.of(0, 1, 3)) {
                    float[] produced = out.get(n).get("state_out." + k).floatData();
                    assertFalse(allZero(produced), "call " + n + " leaves a state to carry");
                    assertArrayEquals(produced, in.get(n + 1).get("state_in." + k).floatData(),
                            "call " + (n + 1) + " receives call " + n + "'s state " + k);
                }
            }
        }
    }

    @Test
    void videoModeCarriesTheEncoderStatesAndTheImageEncodesStartFromZeros() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.KREA, ToyRig.config(SIZE, SIZE, 1000, 500), EXTRA)) {
            Map<String, Object> p = ToyRig.prompt("a cat");
            for (int i = 0; i < 4; i++) {
                rig.video(p, ToyRig.solidFrames(12, 48, 40, 30 + 20 * i));
            }
            List<Map<String, HostTensor>> in = rig.graphs.runs("vae_encoder.onnx");
            List<Map<String, HostTensor>> out = rig.graphs.outputs("vae_encoder.onnx");
            List<Integer> streaming = new ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
                if (in.get(i).get("video").dim(2) == 12) {
                    streaming.add(i);
                } else {
                    for (String k : STATES) {
                        assertAllZero(in.get(i).get("state_in." + k).floatData(), "an image encode starts from zeros");
                    }
                }
            }
            assertEquals(List.of(0, 1, 2, 4), streaming);
            for (String k : STATES) {
                assertAllZero(in.get(0).get("state_in." + k).floatData(), "the stream starts from zeros");
                for (int s = 1; s < streaming.size(); s++) {
                    assertArrayEquals(out.get(streaming.get(s - 1)).get("state_out." + k).floatData(),
                            in.get(streaming.get(s)).get("state_in." + k).floatData(),
                            "the clip encode carries state " + k + " past the image encodes");
                }
            }
        }
    }

    @Test
    void everyStateTensorIsClosedOnceAndNoneIsLeftOpen() throws Exception {
        ToyRig rig = new ToyRig(dir, WanVariant.KREA, ToyRig.config(SIZE, SIZE, 1000, 500), EXTRA);
        int openAfterTwo = 0;
        try {
            Map<String, Object> p = ToyRig.prompt("a cat");
            for (int i = 0; i < 6; i++) {
                rig.video(p, ToyRig.solidFrames(12, 48, 40, 30 + 20 * i));
                if (i == 1) {
                    openAfterTwo = rig.graphs.openEngineTensors();
                }
            }
            // zero and carried states of both graphs, no more: replaced states were released
            assertEquals(openAfterTwo, rig.graphs.openEngineTensors(), "no growth from block to block");
            assertEquals(4 * STATES.size(), rig.graphs.openEngineTensors());
            Map<String, Object> reset = ToyRig.prompt("a dog");
            reset.put("reset_cache", true);
            rig.text(reset);
            assertEquals(3 * STATES.size(), rig.graphs.openEngineTensors(), "a reset releases the carried states");
            for (int i = 0; i < 3; i++) {
                rig.text(ToyRig.prompt("a dog"));
            }
        } finally {
            rig.close();
        }
        assertTrue(rig.graphs.engineTensorsHandedOut() > 10);
        assertEquals(0, rig.graphs.openEngineTensors(), "every state closed with the pipeline");
        assertEquals(List.of(), rig.graphs.misuses());
    }

    private static boolean allZero(float[] values) {
        for (float v : values) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    private static void assertAllZero(float[] values, String message) {
        assertTrue(allZero(values), message);
    }
}
