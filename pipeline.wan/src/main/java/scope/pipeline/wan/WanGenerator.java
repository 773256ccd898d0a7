package scope.pipeline.wan;

import java.util.ArrayList;
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
    private long startFrame;
    private List<Integer> lastStepList;
    private int hardResets;

    public WanGenerator(WanModels models, WanVariant variant, WanGeneratorConfig config) {
        this.models = models;
        this.variant = variant;
        this.config = config;
        this.h8 = config.height / 8;
        this.w8 = config.width / 8;
        this.frameArea = h8 * w8;
        this.conditioning = new Conditioning(new PromptEncoder(models.textEncoder, models.tokenizer),
                variant.temporalMethod());
        this.dit = new CausalDit(models.dit, variant.attentionBias(), h8, w8);
        this.cache = new KvCache(models.layers, variant.cacheFrames(), variant.sinkFrames(),
                (config.height / 16) * (config.width / 16), models.kvDim);
        this.history = new LatentHistory(variant.cacheFrames());
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
        if (cond.hardChange() && manageCache) {
            if (video) {
                hardReset();
            } else if (variant.recacheOnChange()) {
                recache(cond.embeds());
            }
        }
        if (startFrame >= WanContract.ROPE_FRAMES - WanContract.FRAMES_PER_BLOCK) {
            hardReset();
        }

        int frames = WanContract.FRAMES_PER_BLOCK;
        int n = WanContract.LATENT_CHANNELS * frames * frameArea;
        GaussianNoise noise = new GaussianNoise((long) config.baseSeed + startFrame);
        float[] xt = noise.next(n);
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
                xt[i] = (float) (xt[i] * s + enc[i] * (1 - s));
            }
            steps = new ArrayList<>(steps);
            steps.set(0, Math.max(1, (int) Math.round(1000 * s) - 100));
        }

        long[] positions = new long[frames];
        for (int f = 0; f < frames; f++) {
            positions[f] = startFrame + f;
        }
        if (variant.contextFrames() > 0) {
            rebuildContext(cond.embeds());
        }
        float bias = (float) p.getDouble("kv_cache_attention_bias", DEFAULT_KV_BIAS);
        FlowMatchSchedule schedule = new FlowMatchSchedule(steps, SHIFT);
        float[] x0 = new float[n];
        for (int i = 0; i < schedule.size(); i++) {
            Map<String, HostTensor> out = dit.run(xt, positions, schedule.timestep(i), cond.embeds(), cache, bias);
            FlowMatchSchedule.toX0(xt, out.get("flow_pred").floatData(), schedule.sigma(i), x0);
            if (i + 1 < schedule.size()) {
                FlowMatchSchedule.renoise(x0, noise.next(n), schedule.sigma(i + 1), xt);
            }
        }
        if (variant.cleanCachePass()) {
            cache.write(dit.run(x0, positions, 0f, cond.embeds(), cache, 1f).get("kv_cache_out"), positions);
        }
        for (int f = 0; f < frames; f++) {
            history.add(positions[f], LatentFrames.frame(x0, frames, f, frameArea));
        }
        HostTensor decoded = models.vaeDecoder.run("latents",
                HostTensor.floats(x0, 1, WanContract.LATENT_CHANNELS, frames, h8, w8), "video");
        startFrame += frames;
        return VideoTensors.toFrames(decoded);
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

    /** LongLive: the recent clean frames run again with the new prompt, so the rolling cache follows it. */
    private void recache(float[] embeds) throws Exception {
        List<LatentHistory.Entry> recent = history.last(variant.cacheFrames() - variant.sinkFrames());
        if (recent.isEmpty()) {
            return;
        }
        cache.clearRolling();
        writeFrames(recent, embeds);
    }

    /** Krea: the cache rebuilt from the first frame and the last frames, without attention bias. */
    private void rebuildContext(float[] embeds) throws Exception {
        cache.clear();
        List<LatentHistory.Entry> context = new ArrayList<>();
        LatentHistory.Entry first = history.first();
        if (first == null) {
            return;
        }
        context.add(first);
        for (LatentHistory.Entry e : history.last(variant.contextFrames() - 1)) {
            if (e.position() != first.position()) {
                context.add(e);
            }
        }
        writeFrames(context, embeds);
    }

    private void writeFrames(List<LatentHistory.Entry> entries, float[] embeds) throws Exception {
        long[] positions = entries.stream().mapToLong(LatentHistory.Entry::position).toArray();
        float[] latents = LatentFrames.stack(entries.stream().map(LatentHistory.Entry::latent).toList(), frameArea);
        cache.write(dit.run(latents, positions, 0f, embeds, cache, 1f).get("kv_cache_out"), positions);
    }

    private void hardReset() {
        cache.clear();
        history.clear();
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
