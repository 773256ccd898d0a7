package scope.pipeline.wan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.api.Frame;

/**
 * Krea's first context frame: the plain first latent until the context slides, then the decoded pixel frame at
 * the start of the context's pixel window encoded on its own (one frame, zero encoder state), on toy graphs.
 */
class KreaContextReencodingTest {
    private static final int SIZE = 32;
    private static final int AREA = (SIZE / 8) * (SIZE / 8);

    @TempDir
    Path dir;

    @Test
    void beforeTheContextSlidesTheCachePassGetsThePlainLatents() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.KREA, ToyRig.config(SIZE, SIZE, 1000, 500))) {
            rig.text(ToyRig.prompt("a cat"));
            float[] firstBlock = rig.graphs.runs("vae_decoder.onnx").get(0).get("latents").floatData();
            rig.graphs.clear();
            rig.text(ToyRig.prompt("a cat"));
            Map<String, HostTensor> context = rig.ditRuns().get(0);
            assertEquals(0f, context.get("timestep").floatData()[0]);
            assertArrayEquals(new long[] {0, 1, 2}, context.get("positions").longData());
            assertArrayEquals(firstBlock, context.get("latents").floatData(), "the clean latents of frames 0-2");
            assertTrue(rig.graphs.runs("vae_encoder.onnx").isEmpty(), "nothing re-encoded yet");
        }
    }

    @Test
    void onceSlidTheFirstContextFrameIsTheWindowStartPixelFrameEncodedAlone() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.KREA, ToyRig.config(SIZE, SIZE, 1000, 500))) {
            rig.text(ToyRig.prompt("a cat"));
            float[] latentZero = frame(rig.graphs.runs("vae_decoder.onnx").get(0).get("latents").floatData(), 0);
            List<Frame> previous = rig.text(ToyRig.prompt("a cat"));
            float[] previousLatents = rig.graphs.runs("vae_decoder.onnx").get(1).get("latents").floatData();
            for (long start = 6; start <= 12; start += 3) {
                rig.graphs.clear();
                List<Frame> out = rig.text(ToyRig.prompt("a cat"));
                List<Map<String, HostTensor>> encodes = rig.graphs.runs("vae_encoder.onnx");
                assertEquals(1, encodes.size(), "one frame encoded per block");
                Map<String, HostTensor> in = encodes.get(0);
                assertArrayEquals(new long[] {1, 3, 1, SIZE, SIZE}, in.get("video").shape());
                assertArrayEquals(new long[] {1}, in.get("first_chunk").longData());
                assertAllZero(in.get("state_in.0").floatData(), "a fresh encoder state");
                // pixel frame 4(start - 3) is the previous clip's fourth frame (that clip holds 4start-15..4start-4)
                assertArrayEquals(clip(previous.get(3)), in.get("video").floatData(), 1e-6f);
                float[] encoded = rig.graphs.outputs("vae_encoder.onnx").get(0).get("latents").floatData();

                Map<String, HostTensor> context = rig.ditRuns().get(0);
                assertEquals(0f, context.get("timestep").floatData()[0]);
                // the context is rotated from frame 0 whatever frames it holds (Scope's recompute)
                assertArrayEquals(new long[] {0, 1, 2}, context.get("positions").longData());
                float[] latents = context.get("latents").floatData();
                assertArrayEquals(encoded, frame(latents, 0), "the re-encoded frame leads the context");
                assertFalse(Arrays.equals(latentZero, frame(latents, 0)), "not the stream's first latent");
                assertArrayEquals(frame(previousLatents, 1), frame(latents, 1));
                assertArrayEquals(frame(previousLatents, 2), frame(latents, 2));
                previous = out;
                previousLatents = rig.graphs.runs("vae_decoder.onnx").get(0).get("latents").floatData();
            }
        }
    }

    @Test
    void inVideoModeTheFrameEncodeLeavesTheStreamingEncoderStateAlone() throws Exception {
        try (ToyRig rig = new ToyRig(dir, WanVariant.KREA, ToyRig.config(SIZE, SIZE, 1000, 500))) {
            Map<String, Object> p = ToyRig.prompt("a cat");
            p.put("noise_scale", 0.5);
            for (int i = 0; i < 4; i++) {
                rig.video(p, ToyRig.solidFrames(12, 48, 40, 30 + 20 * i));
            }
            List<Map<String, HostTensor>> runs = rig.graphs.runs("vae_encoder.onnx");
            List<Map<String, HostTensor>> outs = rig.graphs.outputs("vae_encoder.onnx");
            // blocks 1-2 encode the input clip; blocks 3-4 the clip, then one decoded frame
            assertEquals(6, runs.size());
            List<Integer> streaming = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                long t = runs.get(i).get("video").dim(2);
                if (t == 12) {
                    streaming.add(i);
                } else {
                    assertEquals(1, t);
                    assertAllZero(runs.get(i).get("state_in.0").floatData(), "the frame encode starts from zero");
                    assertArrayEquals(new long[] {1}, runs.get(i).get("first_chunk").longData());
                }
            }
            assertEquals(List.of(0, 1, 2, 4), streaming);
            for (int k = 1; k < streaming.size(); k++) {
                float[] carried = runs.get(streaming.get(k)).get("state_in.0").floatData();
                assertArrayEquals(outs.get(streaming.get(k - 1)).get("state_out.0").floatData(), carried,
                        "the clip encoder carries its own previous state");
                assertArrayEquals(new long[] {0}, runs.get(streaming.get(k)).get("first_chunk").longData());
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameFramesWithReencoding() throws Exception {
        List<Frame> a = fiveBlocks(dir.resolve("a"));
        List<Frame> b = fiveBlocks(dir.resolve("b"));
        assertEquals(9 + 4 * 12, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).rgb(), b.get(i).rgb(), "frame " + i);
        }
    }

    private static List<Frame> fiveBlocks(Path d) throws Exception {
        WanGeneratorConfig config = ToyRig.config(SIZE, SIZE, 1000, 500);
        config.baseSeed = 7;
        try (ToyRig rig = new ToyRig(d, WanVariant.KREA, config)) {
            List<Frame> out = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                out.addAll(rig.text(ToyRig.prompt("a cat")));
            }
            assertEquals(3, rig.graphs.runs("vae_encoder.onnx").size(), "blocks 3-5 re-encode");
            return out;
        }
    }

    /** Latent frame f of a three-frame block {@code [1, 16, 3, H8, W8]}. */
    private static float[] frame(float[] latents, int f) {
        return LatentFrames.frame(latents, (int) (latents.length / (16L * AREA)), f, AREA);
    }

    /** A decoded frame as the encoder's one-frame clip {@code [1, 3, 1, H, W]} in [-1, 1]. */
    private static float[] clip(Frame frame) {
        int plane = frame.width() * frame.height();
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = (frame.rgb()[i * 3 + c] & 0xff) / 127.5f - 1f;
            }
        }
        return out;
    }

    private static void assertAllZero(float[] values, String message) {
        for (float v : values) {
            assertEquals(0f, v, message);
        }
    }
}
