package scope.pipeline.wan.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.Artifact;
import scope.api.ModelPreparation;
import scope.checkpoint.Checkpoint;
import scope.checkpoint.Checkpoints;
import scope.graph.ModelWriter;
import scope.graph.Precision;
import scope.pipeline.wan.ModelsNotPresent;
import scope.pipeline.wan.WanArtifacts;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.convert.CausalDitConverter;
import scope.pipeline.wan.convert.CheckpointWeights;
import scope.pipeline.wan.convert.ConversionException;
import scope.pipeline.wan.convert.LongLiveCheckpoints;
import scope.pipeline.wan.convert.LoraMergedWeights;
import scope.pipeline.wan.convert.Umt5EncoderConverter;
import scope.pipeline.wan.convert.WanVaeConverter;
import scope.pipeline.wan.convert.Weights;

/**
 * The step from Scope's downloaded checkpoints to the graphs of the model contract, for one Wan-family pipeline:
 * three cached conversions (UMT5 text encoder with the tokenizer copied from Scope's {@code google} folder, the Wan
 * VAE, the pipeline's DiT), each keyed by its converter's version, the precision and its sources' fingerprints
 * ({@link SourceFingerprint}), each written atomically ({@link ConversionCache}). A complete ONNX export placed by
 * hand in the export directories (README) is used as it is instead.
 */
public final class WanPreparation implements ModelPreparation {
    private static final Logger LOG = LoggerFactory.getLogger(WanPreparation.class);
    /** A rough rate of writing converted weights, for the time printed before converting (measured: README). */
    static final double WRITE_MB_PER_SECOND = 100;
    /** Versions of the conversions whose converter has none of its own; bump when their output changes. */
    static final int VAE_VERSION = 1;
    static final int DIT_VERSION = 1;

    static final String UMT5_FILE = "umt5-xxl-enc-fp8_e4m3fn.safetensors";
    static final String VAE_FILE = "Wan2.1_VAE.pth";
    static final String TOKENIZER_FOLDER = "google";
    /** Where Scope's text encoder reads the tokenizer from, inside {@link #TOKENIZER_FOLDER}. */
    static final String TOKENIZER_PATH = "umt5-xxl/" + WanContract.TOKENIZER;

    private final String pipelineId;
    private final List<Artifact> artifacts;
    private final Artifact export;
    private final String ditSource;
    private final String loraSource;
    private final String ditConfig;
    private final boolean attentionBias;
    private final boolean vaeVideoOutput;

    private WanPreparation(String pipelineId, List<Artifact> artifacts, Artifact export, String ditSource,
            String loraSource, String ditConfig, boolean attentionBias, boolean vaeVideoOutput) {
        this.pipelineId = pipelineId;
        this.artifacts = List.copyOf(artifacts);
        this.export = export;
        this.ditSource = ditSource;
        this.loraSource = loraSource;
        this.ditConfig = ditConfig;
        this.attentionBias = attentionBias;
        this.vaeVideoOutput = vaeVideoOutput;
    }

    /**
     * LongLive 1.3B: {@code longlive_base.pt["generator"]} with {@code lora.pt} merged, heads and eps from the base
     * model's (Wan2.1-T2V-1.3B) config.json, as Scope builds its generator.
     *
     * @param export where a hand-placed {@code dit.onnx} is looked for
     */
    public static WanPreparation longLive(Artifact export) {
        return new WanPreparation("longlive", List.of(WanArtifacts.WAN_1_3B, WanArtifacts.UMT5_ENCODER,
                WanArtifacts.LONGLIVE), export,
                path(WanArtifacts.LONGLIVE, "models/longlive_base.pt"), path(WanArtifacts.LONGLIVE, "models/lora.pt"),
                path(WanArtifacts.WAN_1_3B, "config.json"), false, false);
    }

    /**
     * Krea Realtime Video 14B: its safetensors checkpoint, heads and eps from Wan2.1-T2V-14B's config.json, the DiT
     * with the KV-cache attention bias and a decoder that also gives its float video (re-encoded as Scope does).
     */
    public static WanPreparation krea(Artifact export) {
        return new WanPreparation("krea-realtime-video", List.of(WanArtifacts.WAN_1_3B, WanArtifacts.UMT5_ENCODER,
                WanArtifacts.WAN_14B, WanArtifacts.KREA), export,
                path(WanArtifacts.KREA, "krea-realtime-video-14b.safetensors"), null,
                path(WanArtifacts.WAN_14B, "config.json"), true, true);
    }

    private static String path(Artifact artifact, String file) {
        return artifact.directoryName() + "/" + file;
    }

    /** Scope's artifacts this pipeline downloads (the descriptor declares them). */
    public List<Artifact> artifacts() {
        return artifacts;
    }

    /**
     * Weights and activations: FP16 where the host has a GPU (the graphs then run on CUDA: half the memory and disk,
     * the GPU's fast path; Scope itself runs bf16, which ONNX Runtime's CPU provider lacks), FP32 on a CPU-only host
     * (FP16 is emulated there). The precision is part of the cache key, so a change converts again.
     */
    static Precision precision(double vramGb) {
        return vramGb > 0 ? Precision.FP16 : Precision.FP32;
    }

    /** One cached conversion. */
    private interface Convert {
        void into(Path models, Path dir, Precision precision, StepListener listener) throws Exception;
    }

    private record Unit(String name, String step, int version, List<String> sources, String options,
            Convert convert) {
    }

    @FunctionalInterface
    private interface StepListener {
        void streamed(long values);
    }

    private List<Unit> units() {
        String umt5 = path(WanArtifacts.UMT5_ENCODER, UMT5_FILE);
        String tokenizer = path(WanArtifacts.WAN_1_3B, TOKENIZER_FOLDER + "/" + TOKENIZER_PATH);
        String vae = path(WanArtifacts.WAN_1_3B, VAE_FILE);
        List<String> ditSources = new ArrayList<>(List.of(ditSource, ditConfig));
        if (loraSource != null) {
            ditSources.add(loraSource);
        }
        String vaeUnit = vaeVideoOutput ? "wan_vae_with_video" : "wan_vae";
        String ditUnit = pipelineId + "_dit";
        return List.of(
                new Unit("umt5_encoder", WanContract.TEXT_ENCODER.file() + " + " + WanContract.TOKENIZER,
                        Umt5EncoderConverter.VERSION, List.of(umt5, tokenizer), "",
                        (models, dir, precision, l) -> convertText(models, dir, precision, umt5, tokenizer, l)),
                new Unit(vaeUnit, WanContract.VAE_DECODER.file() + " + " + WanContract.VAE_ENCODER.file(),
                        VAE_VERSION, List.of(vae), "video=" + vaeVideoOutput,
                        (models, dir, precision, l) -> convertVae(models, dir, precision, vae, l)),
                new Unit(ditUnit, WanContract.DIT_FILE, DIT_VERSION, ditSources, "bias=" + attentionBias,
                        (models, dir, precision, l) -> convertDit(models, dir, precision, l)));
    }

    private static Path file(Path models, String relative) {
        return models.resolve(relative);
    }

    // ---- readiness ------------------------------------------------------------------------------------------

    @Override
    public boolean isReady(Path modelsDirectory, double vramGb) {
        try {
            return locate(modelsDirectory, vramGb).isPresent();
        } catch (IOException e) {
            LOG.warn("Cannot check the converted models of {}: {}", pipelineId, e.toString());
            return false;
        }
    }

    /** The graphs to load, when they are all there (a hand-placed export first); empty otherwise. */
    public Optional<ConvertedModels> locate(Path modelsDirectory, double vramGb) throws IOException {
        if (export != null && Artifact.missingFiles(modelsDirectory, List.of(WanArtifacts.WAN_ONNX, export))
                .isEmpty()) {
            Path shared = modelsDirectory.resolve(WanArtifacts.WAN_ONNX.directoryName());
            return Optional.of(new ConvertedModels(shared, shared, modelsDirectory.resolve(export.directoryName()),
                    true));
        }
        if (!Artifact.missingFiles(modelsDirectory, artifacts).isEmpty()) {
            return Optional.empty();
        }
        ConversionCache cache = new ConversionCache(modelsDirectory);
        Precision precision = precision(vramGb);
        List<Path> dirs = new ArrayList<>();
        for (Unit u : units()) {
            String key = key(modelsDirectory, u, precision);
            if (!cache.isPresent(u.name(), key)) {
                return Optional.empty();
            }
            dirs.add(cache.directory(u.name(), key));
        }
        return Optional.of(new ConvertedModels(dirs.get(0), dirs.get(1), dirs.get(2), false));
    }

    private static String key(Path models, Unit u, Precision precision) throws IOException {
        StringBuilder identity = new StringBuilder(u.options());
        for (String source : u.sources()) {
            Path f = file(models, source);
            if (!Files.isRegularFile(f)) {
                throw new ModelsFileMissing(f);
            }
            identity.append('\n').append(source).append('=').append(SourceFingerprint.of(f));
        }
        return "v" + u.version() + "-" + precision.name().toLowerCase(Locale.ROOT) + "-"
                + SourceFingerprint.sha256(identity.toString()).substring(0, 16);
    }

    /** A source the conversion needs that is not in the downloaded artifacts. */
    static final class ModelsFileMissing extends IOException {
        private static final long serialVersionUID = 1L;

        ModelsFileMissing(Path file) {
            super("Model file is not present: " + file);
        }
    }

    // ---- conversion -------------------------------------------------------------------------------------------

    @Override
    public void prepare(Path modelsDirectory, double vramGb, Listener listener) throws Exception {
        if (locate(modelsDirectory, vramGb).isPresent()) {
            return;
        }
        ModelsNotPresent.check(pipelineId, modelsDirectory, artifacts);
        ConversionCache cache = new ConversionCache(modelsDirectory);
        Precision precision = precision(vramGb);
        List<Unit> pending = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        long bytes = 0;
        for (Unit u : units()) {
            if (!cache.isPresent(u.name(), key(modelsDirectory, u, precision))) {
                long n = elements(modelsDirectory, u);
                pending.add(u);
                values.add(n);
                bytes += n * precision.type().bytes();
            }
        }
        Files.createDirectories(modelsDirectory);
        long free = Files.getFileStore(modelsDirectory).getUsableSpace();
        double seconds = bytes / 1e6 / WRITE_MB_PER_SECOND;
        LOG.info("Converting the models of {} to {} ONNX graphs ({}): needs about {} MB of disk ({} MB free), "
                + "roughly {} s", pipelineId, precision, pending.stream().map(Unit::name).toList(),
                bytes / 1_000_000, free / 1_000_000, Math.max(1, Math.round(seconds)));
        if (bytes > free) {
            throw new IOException("Not enough disk space to convert the models of " + pipelineId + ": "
                    + bytes / 1_000_000 + " MB needed, " + free / 1_000_000 + " MB free in " + modelsDirectory);
        }
        for (int i = 0; i < pending.size(); i++) {
            Unit u = pending.get(i);
            long total = values.get(i);
            String key = key(modelsDirectory, u, precision);
            AtomicLong done = new AtomicLong();
            listener.progress(u.step(), 0, total);
            long started = System.nanoTime();
            LOG.info("Converting {} for {} from {} into {}", u.name(), pipelineId, u.sources(),
                    cache.directory(u.name(), key));
            boolean converted = cache.produce(u.name(), key, dir -> u.convert().into(modelsDirectory, dir, precision,
                    n -> listener.progress(u.step(), Math.min(total, done.addAndGet(n)), total)));
            listener.progress(u.step(), total, total);
            if (converted) {
                LOG.info("Converted {} for {} in {} s", u.name(), pipelineId,
                        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
            }
        }
    }

    /** Values the unit's converter streams (every tensor of its sources once), for progress and disk. */
    private long elements(Path models, Unit u) throws IOException {
        List<String> checkpoints = u.sources().stream().filter(s -> !s.endsWith(".json") && !s.endsWith(".model")
                && !s.equals(loraSource)).toList();
        long n = 0;
        for (String source : checkpoints) {
            try (Checkpoint c = Checkpoints.open(file(models, source))) {
                n += new CheckpointWeights(c, file(models, source).toString()).elements();
            }
        }
        return n;
    }

    private static void convertText(Path models, Path dir, Precision precision, String umt5, String tokenizer,
            StepListener l) throws Exception {
        try (Checkpoint c = Checkpoints.open(file(models, umt5))) {
            Weights w = new ProgressWeights(new CheckpointWeights(c, file(models, umt5).toString()), l::streamed);
            Umt5EncoderConverter.convert(w, dir.resolve(WanContract.TEXT_ENCODER.file()), precision,
                    ModelWriter.Placement.AUTO);
        }
        Files.copy(file(models, tokenizer), dir.resolve(WanContract.TOKENIZER), StandardCopyOption.COPY_ATTRIBUTES);
    }

    private void convertVae(Path models, Path dir, Precision precision, String vae, StepListener l)
            throws Exception {
        try (Checkpoint c = Checkpoints.open(file(models, vae))) {
            Weights w = new ProgressWeights(new CheckpointWeights(c, file(models, vae).toString()), l::streamed);
            WanVaeConverter.convert(w, dir, new WanVaeConverter.Options(precision, ModelWriter.Placement.AUTO,
                    vaeVideoOutput));
        }
    }

    private void convertDit(Path models, Path dir, Precision precision, StepListener l) throws Exception {
        JsonNode config = readConfig(file(models, ditConfig));
        int heads = requiredInt(config, "num_heads", file(models, ditConfig));
        double eps = config.path("eps").asDouble(1e-6);
        try (Checkpoint raw = Checkpoints.open(file(models, ditSource));
                Checkpoint lora = loraSource == null ? null : Checkpoints.open(file(models, loraSource))) {
            // the generator entry and model. prefixes as Scope's WanDiffusionWrapper takes them, for Krea's file too
            Weights w = new CheckpointWeights(LongLiveCheckpoints.generator(raw), file(models, ditSource).toString());
            if (lora != null) {
                w = new LoraMergedWeights(w, new CheckpointWeights(LongLiveCheckpoints.lora(lora),
                        file(models, loraSource).toString()), LongLiveCheckpoints.LORA_ALPHA, LongLiveCheckpoints.LORA_RANK);
            }
            CausalDitConverter.convert(new ProgressWeights(w, l::streamed), heads, eps, attentionBias,
                    dir.resolve(WanContract.DIT_FILE), precision);
        }
    }

    private static JsonNode readConfig(Path file) throws IOException {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a readable JSON config: " + e.getMessage(), e);
        }
    }

    private static int requiredInt(JsonNode config, String field, Path file) {
        JsonNode v = config.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new ConversionException(file.toString(), field, "missing or not a positive integer");
        }
        return v.asInt();
    }
}
