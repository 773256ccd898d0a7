package scope.pipeline.wan.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import scope.pipeline.wan.Graph;
import scope.pipeline.wan.GraphContract;
import scope.pipeline.wan.HostTensor;
import scope.pipeline.wan.OrtGraphs;
import scope.pipeline.wan.StatefulGraph;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.convert.WanVaeConverter;
import scope.pipeline.wan.convert.Weights;
import scope.pipeline.wan.convert.WeightsOpener;

/**
 * {@code wan_vae}: the VAE converted at FP32 (the decoder with its float video as an extra output), loaded as the
 * pipeline loads it (ONNX Runtime through {@link OrtGraphs}, checked against the contract, states carried by
 * {@link StatefulGraph}) and run through the fixture's three sequences, one graph call per upstream
 * {@code decode_to_pixel} / {@code encode_to_latent} call:
 * <ul>
 * <li>{@code stream_decode}: the saved latents of 3 chunks, states carried;
 * <li>{@code v2v_stream_encode_decode}: each chunk's saved pixels encoded (encoder states carried) and our latents
 * decoded (decoder states carried), as upstream chains them; and the saved latents decoded on a fresh decoder, so
 * the decoder's figures do not include the encoder's;
 * <li>{@code oneshot_encode}: each clip encoded as a first chunk from zero states (as Krea's first-frame
 * re-encode), the stream's states untouched.
 * </ul>
 * Every float output is compared with the reference: a first call from saved inputs at 1e-4 absolute, a call that
 * reads states our earlier calls made at rtol 1e-3 / atol 1e-4. The contract's 8-bit frames are compared twice:
 * exactly with our own float video quantised (the graph's conversion is the contract's), and with the reference
 * quantised, where a value may differ by one only next to a rounding boundary (the count is in the row's name).
 */
public final class WanVaeParity implements ParityCheck {
    private final WeightsOpener weights;

    public WanVaeParity(WeightsOpener weights) {
        this.weights = weights;
    }

    @Override
    public String fixture() {
        return "wan_vae";
    }

    @Override
    public ParityResult run(FixtureManifest fixture, Path workDir) throws Exception {
        try (Weights w = weights.open(fixture.weights())) {
            WanVaeConverter.convert(w, workDir, WanVaeConverter.Options.fp32().withVideoOutput());
        }
        JsonNode pixels = fixture.json().path("pixel_hw");
        if (pixels.size() != 2) {
            throw new IOException(fixture.dir().resolve("manifest.json") + ": needs \"pixel_hw\": [H, W]");
        }
        int height = pixels.get(0).asInt();
        int width = pixels.get(1).asInt();
        Map<String, Long> bindings = WanContract.resolutionBindings(height, width);
        JsonNode sequences = fixture.json().path("sequences");
        List<TensorComparison> compared = new ArrayList<>();
        compared.add(TensorComparison.of("latent_mean", fixture.floats("latent_mean"), WanVaeConverter.LATENT_MEAN,
                new Tolerance(0, 0)));
        compared.add(TensorComparison.of("latent_std", fixture.floats("latent_std"), WanVaeConverter.LATENT_STD,
                new Tolerance(0, 0)));
        OrtGraphs engine = new OrtGraphs(1);
        Path decoderFile = workDir.resolve(WanContract.VAE_DECODER.file());
        Path encoderFile = workDir.resolve(WanContract.VAE_ENCODER.file());
        try (Graph decoderGraph = engine.open(decoderFile); Graph encoderGraph = engine.open(encoderFile)) {
            WanContract.VAE_DECODER.check(decoderFile, decoderGraph, bindings);
            WanContract.VAE_ENCODER.check(encoderFile, encoderGraph, bindings);
            try (StatefulGraph decoder = new StatefulGraph(decoderFile, decoderGraph, bindings);
                    StatefulGraph encoder = new StatefulGraph(encoderFile, encoderGraph, bindings)) {
                streamDecode(fixture, sequences.path("stream_decode"), decoder, compared);
                videoToVideo(fixture, sequences.path("v2v_stream_encode_decode"), encoder, decoder, compared);
                oneShot(fixture, sequences.path("oneshot_encode"), encoder, compared);
            }
        }
        return ParityResult.of(fixture(), compared);
    }

    private static void streamDecode(FixtureManifest f, JsonNode calls, StatefulGraph decoder,
            List<TensorComparison> out) throws IOException, Exception {
        decoder.reset();
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            String name = "stream_decode[" + i + "]";
            decode(f, name, latentsInput(f, call.path("latents").asText()), call.path("pixels").asText(),
                    decoder, out);
        }
    }

    private static void videoToVideo(FixtureManifest f, JsonNode calls, StatefulGraph encoder,
            StatefulGraph decoder, List<TensorComparison> out) throws Exception {
        encoder.reset();
        decoder.reset();
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            String name = "v2v[" + i + "]";
            HostTensor latents = encoder.run("video", clip(f, call.path("pixels_in").asText()), "latents");
            out.add(compare(name + " latents", f.floats(call.path("latents").asText()), channelsFirstToFrames(latents),
                    i == 0));
            decode(f, name, latents, call.path("pixels_out").asText(), decoder, out);
        }
        // the decoder alone on the saved latents
        decoder.reset();
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            decode(f, "v2v[" + i + "] decode of saved latents", latentsInput(f, call.path("latents").asText()),
                    call.path("pixels_out").asText(), decoder, out);
        }
    }

    private static void oneShot(FixtureManifest f, JsonNode calls, StatefulGraph encoder,
            List<TensorComparison> out) throws Exception {
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            HostTensor latents = encoder.runFromZeroState("video", clip(f, call.path("pixels_in").asText()),
                    "latents", null);
            out.add(compare("oneshot[" + i + "] latents", f.floats(call.path("latents").asText()),
                    channelsFirstToFrames(latents), true));
        }
    }

    /** One decoder call: the float video and both checks of the 8-bit frames. */
    private static void decode(FixtureManifest f, String name, HostTensor latents, String pixelsName,
            StatefulGraph decoder, List<TensorComparison> out) throws Exception {
        boolean first = decoder.firstChunk();
        Map<String, long[]> wanted = new HashMap<>();
        wanted.put(WanVaeConverter.VIDEO_OUTPUT, null);
        wanted.put("frames", null);
        Map<String, HostTensor> result = decoder.run("latents", latents, wanted);
        HostTensor video = result.get(WanVaeConverter.VIDEO_OUTPUT);
        float[] expected = f.floats(pixelsName);
        float[] ours = channelsFirstToFrames(video);
        out.add(compare(name + " pixels", expected, ours, first));
        float[] frames = bytes(result.get("frames"));
        float[] ownQuantised = quantisedChannelsLast(ours, video);
        out.add(TensorComparison.of(name + " frames = own video quantised", ownQuantised, frames,
                new Tolerance(0, 0)));
        out.add(againstReference(name, expected, frames, video));
    }

    /**
     * Our frames against the reference video quantised: equal, except by one where the reference's scaled value
     * lies within the float tolerance (1e-4, 0.0128 on the 8-bit scale) of a rounding boundary.
     */
    private static TensorComparison againstReference(String name, float[] expected, float[] frames,
            HostTensor shape) {
        float[] quantised = quantisedChannelsLast(expected, shape);
        float[] scaled = scaledChannelsLast(expected, shape);
        double margin = Tolerance.SINGLE_CALL.atol() * 127.5;
        int differing = 0;
        double maxAbs = 0;
        boolean ok = frames.length == quantised.length;
        for (int i = 0; ok && i < frames.length; i++) {
            double d = Math.abs(frames[i] - quantised[i]);
            if (d != 0) {
                differing++;
                maxAbs = Math.max(maxAbs, d);
                double boundary = Math.abs(scaled[i] - Math.rint(scaled[i]));
                ok = d == 1 && boundary <= margin;
            }
        }
        return new TensorComparison(name + " frames vs reference quantised (" + differing + " of "
                + frames.length + " differ, each next to a rounding boundary)", frames.length, maxAbs, maxAbs,
                new Tolerance(0, 1), ok, ok ? null : "a frame value differs away from a rounding boundary");
    }

    private static TensorComparison compare(String name, float[] expected, float[] ours, boolean firstCall) {
        return TensorComparison.of(name, expected, ours, firstCall ? Tolerance.SINGLE_CALL : Tolerance.CHAINED);
    }

    /** Saved latents [1, T, C, h, w] (the wrapper's layout) as the contract's [1, C, T, h, w]. */
    private static HostTensor latentsInput(FixtureManifest f, String name) throws IOException {
        long[] s = f.entry(name).shape();
        float[] swapped = swap(f.floats(name), s[1], s[2], s[3] * s[4]);
        return HostTensor.floats(swapped, 1, s[2], s[1], s[3], s[4]);
    }

    /** Saved encoder input [1, 3, T, H, W], the contract's layout as it is. */
    private static HostTensor clip(FixtureManifest f, String name) throws IOException {
        return HostTensor.floats(f.floats(name), f.entry(name).shape());
    }

    /** Ours [1, C, T, h, w] in the reference's [1, T, C, h, w]. */
    private static float[] channelsFirstToFrames(HostTensor t) {
        return swap(t.floatData(), t.dim(1), t.dim(2), t.dim(3) * t.dim(4));
    }

    /** [a, b, n] -> [b, a, n]. */
    private static float[] swap(float[] data, long a, long b, long n) {
        float[] out = new float[data.length];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(data, (int) ((i * b + j) * n), out, (int) ((j * a + i) * n), (int) n);
            }
        }
        return out;
    }

    /**
     * A video [1, T, 3, H, W] quantised as the contract says (floor((clip(v) + 1) 127.5 + 0.5), in float32 as the
     * graph computes it) and laid out as the frames [T, H, W, 3].
     */
    private static float[] quantisedChannelsLast(float[] video, HostTensor shape) {
        float[] scaled = scaledChannelsLast(video, shape);
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = (float) Math.floor(scaled[i]);
        }
        return scaled;
    }

    /** (clip(v) + 1) 127.5 + 0.5 in float32, laid out as the frames [T, H, W, 3]. */
    private static float[] scaledChannelsLast(float[] video, HostTensor shape) {
        int c = (int) shape.dim(1);
        int t = (int) shape.dim(2);
        int hw = (int) (shape.dim(3) * shape.dim(4));
        float[] out = new float[video.length];
        for (int f = 0; f < t; f++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < hw; p++) {
                    float v = Math.max(-1f, Math.min(1f, video[(f * c + ch) * hw + p]));
                    out[(f * hw + p) * c + ch] = (v + 1f) * 127.5f + 0.5f;
                }
            }
        }
        return out;
    }

    private static float[] bytes(HostTensor frames) {
        ByteBuffer b = frames.byteBuffer();
        float[] out = new float[b.capacity()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i) & 0xff;
        }
        return out;
    }
}
