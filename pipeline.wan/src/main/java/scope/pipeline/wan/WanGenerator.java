package scope.pipeline.wan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.PipelineCall;

/**
 * The block-wise generation loop shared by LongLive and Krea (spec 7.4): each call generates one block of three
 * latent frames - conditioning, cache bookkeeping, noise (or the encoded input video), the denoising steps, the
 * cache update and the streaming decode - and returns its frames (9 on the first block, 12 after).
 */
public final class WanGenerator {
    /** Flow-matching shift of both models' schedules. */
    public static final double SHIFT = 5.0;
    /** Krea's default attention bias on cached frames. */
    public static final float DEFAULT_KV_BIAS = 0.3f;

    private final WanModels models;
    private final WanVariant variant;
    private final WanGeneratorConfig config;
    private final int h8;
    private final int w8;
    private final int frameArea;
    private final Conditioning conditioning;
    private final CausalDit dit;
    private final KvCache cache;
    private final LatentHistory history;
    private final NoiseController noiseController = new NoiseController();
    private final BackgroundThread background = new BackgroundThread();
    private final BlockNoise blockNoise = new BlockNoise(background);
    private final FrameArrays frameArrays = new FrameArrays(background);
    private final ImageLatentEncoder firstFrameEncoder;
    private final NoiseSource injectedNoise;
    /** Krea with a decoder that also gives its float video: the first context frame is re-encoded from it. */
    private final boolean reencodeFromVideo;
    private float[][] injectedArrays = new float[0][];
    private float[] reencodedFirst;
    private FloatBuffer cleanWork;
    private FloatBuffer latentsWork;
    private float[] stackWork;
    private long startFrame;
    private List<Integer> lastStepList;
    private int hardResets;

    public WanGenerator(WanModels models, WanVariant variant, WanGeneratorConfig config) {
        this(models, variant, config, null);
    }

    /**
     * @param noise where each block's noise comes from instead of the seeded draws (parity checks feed upstream's
     *              saved noise); null for the generator's own
     */
    public WanGenerator(WanModels models, WanVariant variant, WanGeneratorConfig config, NoiseSource noise) {
        this.injectedNoise = noise;
        this.models = models;
        this.variant = variant;
        this.config = config;
        this.h8 = config.height / 8;
        this.w8 = config.width / 8;
        this.frameArea = h8 * w8;
        this.conditioning = new Conditioning(new PromptEncoder(models.textEncoder, models.tokenizer),
                variant.temporalMethod());
        this.dit = new CausalDit(models.dit, variant.attentionBias(), h8, w8, models.layers, models.kvDim);
        this.cache = new KvCache(models.layers, variant.cacheFrames(), variant.sinkFrames(),
                variant.attentionFrames(), (config.height / 16) * (config.width / 16), models.kvDim);
        this.history = new LatentHistory(variant.cacheFrames());
        if (variant.contextFrames() > 3) {
            // the re-encoded frame is then older than the last decoded clip, which is all that is kept
            throw new IllegalArgumentException("context of " + variant.contextFrames() + " frames: at most 3");
        }
        this.firstFrameEncoder = variant.contextFrames() > 0
                ? new ImageLatentEncoder(models.vaeEncoder, background, config.height, config.width)
                : null;
        this.reencodeFromVideo = firstFrameEncoder != null && models.vaeDecoder.declares(WanContract.DECODER_VIDEO);
    }

    public List<Frame> generate(PipelineCall call) throws Exception {
        Parameters p = call.parameters();
        boolean manageCache = p.getBoolean("manage_cache", config.manageCache);
        List<Integer> steps = stepList(p);
        if (call.initCache() || p.getBoolean("reset_cache", false)) {
            hardReset();
        } else if (lastStepList != null && !steps.equals(lastStepList) && manageCache) {
            hardReset();
        }
        lastStepList = steps;

        boolean video = p.videoMode() && !call.video().isEmpty();
        Conditioning.Step cond = conditioning.next(p);
        if (cond.hardChange() && manageCache && video) {
            hardReset();
        }
        if (startFrame >= WanContract.ROPE_FRAMES - WanContract.FRAMES_PER_BLOCK) {
            hardReset();
        }
        // as Scope's RecacheFramesBlock: any new embedding (a cut or a transition step) re-runs the recent frames,
        // whatever manage_cache says; nothing to do at the stream's start
        if (cond.updated() && variant.recacheOnChange() && startFrame > 0) {
            recache(cond.embeds());
        }

        int frames = WanContract.FRAMES_PER_BLOCK;
        int n = WanContract.LATENT_CHANNELS * frames * frameArea;
        if (video) {
            steps = new ArrayList<>(steps);
        }
        // one noise array per step: the first latents, then one per re-noising (the same sequence drawn in place)
        BlockNoise.Block noise = injectedNoise != null ? injected(steps.size(), n)
                : blockNoise.take((long) config.baseSeed + startFrame, steps.size(), n);
        if (injectedNoise == null) {
            // the next block most likely continues here with the same steps: its noise is drawn while the engine runs
            blockNoise.drawAhead((long) config.baseSeed + startFrame + frames, steps.size(), n);
        }
        // the contract fixes the clip length (1 + 4(F-1) on a first chunk, 4F after), so the frame arrays are
        // allocated while the engine runs, and the engine writes the frames into a buffer it keeps
        int clipLength = models.vaeDecoder.firstChunk() ? 1 + 4 * (frames - 1) : 4 * frames;
        int frameBytes = config.height * config.width * 3;
        frameArrays.prepare(clipLength, frameBytes);
        // x_t lives in a direct buffer that the DiT reads in place and each step updates in place
        latentsWork = direct(latentsWork, n);
        FloatBuffer xt = latentsWork;
        float[] first = noise.get(0);
        if (video) {
            HostTensor clip = VideoTensors.fromFrames(call.video(), config.height, config.width);
            double s = noiseScale(p, clip);
            HostTensor encoded = models.vaeEncoder.run("video", clip, "latents");
            if (encoded.floatData().length != n) {
                throw new IllegalStateException("vae_encoder returned " + encoded + " for " + call.video().size()
                        + " frames, expected [1,16," + frames + "," + h8 + "," + w8 + "]");
            }
            float[] enc = encoded.floatData();
            for (int i = 0; i < n; i++) {
                first[i] = (float) (first[i] * s + enc[i] * (1 - s));
            }
            // Scope: denoising_step_list[0] = int(1000 * noise_scale) - 100
            steps.set(0, Math.max(1, (int) (1000 * s) - 100));
        }
        xt.put(0, first);

        long[] positions = new long[frames];
        // Krea's RoPE positions are relative to its context (Scope: current_start = min(start, context frames)),
        // LongLive's absolute
        long firstPosition = variant.contextFrames() > 0 ? Math.min(startFrame, variant.contextFrames()) : startFrame;
        for (int f = 0; f < frames; f++) {
            positions[f] = firstPosition + f;
        }
        if (variant.contextFrames() > 0) {
            rebuildContext(cond.embeds());
        }
        float bias = (float) p.getDouble("kv_cache_attention_bias", DEFAULT_KV_BIAS);
        FlowMatchSchedule schedule = new FlowMatchSchedule(steps, SHIFT);
        // the clean prediction too: the cache pass and the decoder read it in place
        cleanWork = direct(cleanWork, n);
        FloatBuffer x0 = cleanWork;
        HostTensor x0Tensor = HostTensor.direct(x0, 1, WanContract.LATENT_CHANNELS, frames, h8, w8);
        HostTensor xtTensor = HostTensor.direct(xt, 1, WanContract.LATENT_CHANNELS, frames, h8, w8);
        for (int i = 0; i < schedule.size(); i++) {
            HostTensor flow = dit.flow(xtTensor, positions, schedule.timestep(i), cond.embeds(), cache, bias);
            if (i + 1 < schedule.size()) {
                FlowMatchSchedule.step(xt, flow, schedule.sigma(i), noise.get(i + 1), schedule.sigma(i + 1));
            } else {
                FlowMatchSchedule.toX0(xt, flow, schedule.sigma(i), x0);
            }
        }
        if (variant.cleanCachePass()) {
            cache.write(dit.keysAndValues(x0Tensor, positions, cond.embeds(), cache), positions);
        }
        for (int f = 0; f < frames; f++) {
            history.add(startFrame + f, LatentFrames.frame(x0, frames, f, frameArea,
                    history.spare(WanContract.LATENT_CHANNELS * frameArea)));
        }
        long[] frameShape = {clipLength, config.height, config.width, 3};
        HostTensor decoded;
        HostTensor decodedVideo = null;
        if (reencodeFromVideo) {
            Map<String, long[]> wanted = new HashMap<>();
            wanted.put("frames", frameShape);
            wanted.put(WanContract.DECODER_VIDEO, new long[] {1, 3, clipLength, config.height, config.width});
            Map<String, HostTensor> out = models.vaeDecoder.run("latents", x0Tensor, wanted);
            decoded = out.get("frames");
            decodedVideo = out.get(WanContract.DECODER_VIDEO);
        } else {
            decoded = models.vaeDecoder.run("latents", x0Tensor, "frames", frameShape);
        }
        startFrame += frames;
        if (firstFrameEncoder != null && contextSlid()) {
            // the next context's first frame: pixel 4(s - N), the start of the last 1 + 4(N-1) decoded frames;
            // converted on the background thread while this block's frames are copied out
            int index = clipLength - (1 + 4 * (variant.contextFrames() - 1));
            if (decodedVideo != null) {
                firstFrameEncoder.prepareVideo(decodedVideo, index);
            } else {
                firstFrameEncoder.prepare(decoded, index);
            }
        }
        return VideoTensors.toFrames(decoded, frameArrays.take(clipLength, frameBytes));
    }

    /**
     * Krea: whether the next block's context has slid past the stream's first latent frames, so that its first
     * frame is re-encoded from pixels (spec 7.4: from start frame {@code 3 + N} on, N = context frames).
     */
    private boolean contextSlid() {
        return startFrame - WanContract.FRAMES_PER_BLOCK >= variant.contextFrames();
    }

    /** A direct work buffer reused across blocks (engines read it in place during a call only). */
    private static FloatBuffer direct(FloatBuffer buffer, int n) {
        return buffer != null && buffer.capacity() == n ? buffer
                : ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A work array reused across blocks (engines copy their inputs or keep them only as given). */
    private static float[] reuse(float[] array, int n) {
        return array != null && array.length == n ? array : new float[n];
    }

    private List<Integer> stepList(Parameters p) {
        List<?> runtime = p.getList("denoising_step_list");
        List<Integer> steps = new ArrayList<>();
        for (Object o : runtime) {
            if (o instanceof Number num) {
                steps.add(num.intValue());
            }
        }
        return steps.isEmpty() ? config.denoisingSteps : steps;
    }

    private double noiseScale(Parameters p, HostTensor clip) {
        double requested = p.getDouble("noise_scale", config.noiseScale != null ? config.noiseScale : 0.7);
        boolean controller = p.getBoolean("noise_controller",
                config.noiseController != null && config.noiseController);
        if (!controller) {
            return requested;
        }
        return noiseController.update(clip, requested);
    }

    /**
     * LongLive: the recent clean frames run again with the new prompt, so the cache follows it (Scope's
     * RecacheFramesBlock with global sinks). Upstream re-runs the last min(start, CACHE_FRAMES) frames from their
     * first position: when that is the stream's start, every frame is rewritten, sinks included; otherwise it is a
     * recompute that keeps the sinks and writes the frames after them, the last CACHE_FRAMES - sinks, which attend
     * only to the sinks and to each other (the first frames' keys are never written nor attended, so they are not
     * run here).
     */
    private void recache(float[] embeds) throws Exception {
        int frames = (int) Math.min(startFrame, variant.cacheFrames());
        List<LatentHistory.Entry> recent;
        if (startFrame - frames > 0) {
            cache.clearRolling();
            recent = history.last(variant.cacheFrames() - variant.sinkFrames());
        } else {
            cache.clear();
            recent = history.last(frames);
        }
        writeFrames(recent, embeds, false);
    }

    /** The injected noise of this block, as the drawn noise's block. */
    private BlockNoise.Block injected(int count, int n) throws Exception {
        if (injectedArrays.length < count) {
            injectedArrays = java.util.Arrays.copyOf(injectedArrays, count);
        }
        for (int i = 0; i < count; i++) {
            if (injectedArrays[i] == null || injectedArrays[i].length != n) {
                injectedArrays[i] = new float[n];
            }
            injectedNoise.fill(startFrame, i, injectedArrays[i]);
        }
        return BlockNoise.Block.of(injectedArrays);
    }

    /**
     * Krea: the cache rebuilt from the first frame and the last frames, without attention bias. Once the context
     * has slid, its oldest latent is an ordinary 4-frame latent; the first context frame is then the decoded pixel
     * frame at the start of the context's pixel window encoded on its own (an image latent), at the first frame's
     * position.
     */
    private void rebuildContext(float[] embeds) throws Exception {
        cache.clear();
        List<LatentHistory.Entry> context = new ArrayList<>();
        LatentHistory.Entry first = history.first();
        if (first == null) {
            return;
        }
        if (contextSlid()) {
            reencodedFirst = reuse(reencodedFirst, WanContract.LATENT_CHANNELS * frameArea);
            first = new LatentHistory.Entry(first.position(), firstFrameEncoder.encode(reencodedFirst));
        }
        context.add(first);
        for (LatentHistory.Entry e : history.last(variant.contextFrames() - 1)) {
            if (e.position() != first.position()) {
                context.add(e);
            }
        }
        writeFrames(context, embeds, true);
    }

    /** Runs frames at timestep 0 and stores their keys/values: at their own positions, or from 0 on. */
    private void writeFrames(List<LatentHistory.Entry> entries, float[] embeds, boolean fromZero) throws Exception {
        long[] positions = entries.stream().mapToLong(LatentHistory.Entry::position).toArray();
        if (fromZero) {
            // Krea's recompute: Scope's block-mask path rotates the context from frame 0
            for (int i = 0; i < positions.length; i++) {
                positions[i] = i;
            }
        }
        stackWork = reuse(stackWork, WanContract.LATENT_CHANNELS * entries.size() * frameArea);
        float[] latents = LatentFrames.stack(entries.stream().map(LatentHistory.Entry::latent).toList(), frameArea,
                stackWork);
        HostTensor stacked = HostTensor.floats(latents, 1, WanContract.LATENT_CHANNELS, entries.size(), h8, w8);
        cache.write(dit.keysAndValues(stacked, positions, embeds, cache), positions);
    }

    private void hardReset() throws Exception {
        cache.clear();
        history.clear();
        if (firstFrameEncoder != null) {
            firstFrameEncoder.discard();
        }
        models.vaeDecoder.reset();
        models.vaeEncoder.reset();
        noiseController.reset();
        startFrame = 0;
        hardResets++;
    }

    /** The latent position of the next block. */
    public long startFrame() {
        return startFrame;
    }

    /** How many hard resets happened (stream starts included). */
    public int hardResets() {
        return hardResets;
    }

    public KvCache cache() {
        return cache;
    }
}
