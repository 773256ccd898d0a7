package scope.pipeline.wan;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import scope.api.Artifact;
import scope.api.LoadContext;
import scope.api.Pipeline;
import scope.pipeline.wan.prepare.ConvertedModels;
import scope.pipeline.wan.prepare.WanPreparation;

/**
 * Loads a Wan-family pipeline instance from the models directory: presence check, conversion of Scope's
 * checkpoints when their graphs are not there yet, graphs, contract check.
 */
public final class WanPipelines {
    private WanPipelines() {
    }

    /**
     * Where sessions come from: ONNX Runtime, on CUDA when the host reports a GPU (falling back to the CPU when the
     * provider cannot start), else on the CPU.
     */
    static Graphs graphs(LoadContext context) {
        try {
            return new OrtGraphs(0, context.vramGb() > 0);
        } catch (LinkageError e) {
            throw new IllegalStateException("ONNX Runtime (package ai.onnxruntime) is not installed in this host", e);
        }
    }

    /**
     * Loads from the graphs converted from Scope's checkpoints (or a hand-placed export): when the checkpoints are
     * present but not converted yet, converts them first, reporting progress as the loading stage.
     */
    public static Pipeline load(LoadContext context, WanVariant variant, WanPreparation preparation,
            WanGeneratorConfig config) throws Exception {
        return load(context, variant, preparation, config, graphs(context));
    }

    public static Pipeline load(LoadContext context, WanVariant variant, WanPreparation preparation,
            WanGeneratorConfig config, Graphs graphs) throws Exception {
        context.stage("Checking model files...");
        Path models = context.modelsDirectory();
        checkConfig(config);
        Optional<ConvertedModels> found = preparation.locate(models, context.vramGb());
        if (found.isEmpty()) {
            ModelsNotPresent.check(context.pipelineId(), models, preparation.artifacts());
            context.stage("Converting models...");
            preparation.prepare(models, context.vramGb(), (step, done, total) -> context.stage(
                    "Converting models: " + step + (total > 0 ? String.format(Locale.ROOT, " %.0f%%", 100.0 * done
                            / total) : "")));
            found = preparation.locate(models, context.vramGb());
            if (found.isEmpty()) {
                throw new IllegalStateException("the models of " + context.pipelineId()
                        + " were converted but their graphs are not found in " + models);
            }
        }
        ConvertedModels dirs = found.get();
        context.stage("Loading ONNX graphs...");
        WanModels loaded = WanModels.open(graphs, dirs.textDirectory(), dirs.vaeDirectory(), dirs.ditDirectory(),
                variant, config.height, config.width);
        return new WanPipeline(loaded, variant, config);
    }

    private static void checkConfig(WanGeneratorConfig config) {
        if (config.height % 16 != 0 || config.width % 16 != 0) {
            throw new IllegalArgumentException("height and width must be multiples of 16, got " + config.width + "x"
                    + config.height);
        }
        if (config.vaeType != VaeType.WAN) {
            // the pruned and tiny decoders have no ONNX contract or export yet; decoding with the full VAE instead
            // would quietly give the user something else than chosen
            throw new IllegalArgumentException("vae_type: '" + config.vaeType.name().toLowerCase(Locale.ROOT)
                    + "' is not available in this build; only 'wan' (the full Wan VAE) is");
        }
    }

    public static Pipeline load(LoadContext context, WanVariant variant, Artifact ditArtifact,
            WanGeneratorConfig config) throws Exception {
        return load(context, variant, ditArtifact, config, graphs(context));
    }

    public static Pipeline load(LoadContext context, WanVariant variant, Artifact ditArtifact,
            WanGeneratorConfig config, Graphs graphs) throws Exception {
        context.stage("Checking model files...");
        Path models = context.modelsDirectory();
        ModelsNotPresent.check(context.pipelineId(), models, List.of(WanArtifacts.WAN_ONNX, ditArtifact));
        if (config.height % 16 != 0 || config.width % 16 != 0) {
            throw new IllegalArgumentException("height and width must be multiples of 16, got " + config.width + "x"
                    + config.height);
        }
        if (config.vaeType != VaeType.WAN) {
            // the pruned and tiny decoders have no ONNX contract or export yet; decoding with the full VAE instead
            // would quietly give the user something else than chosen
            throw new IllegalArgumentException("vae_type: '" + config.vaeType.name().toLowerCase(java.util.Locale.ROOT)
                    + "' is not available in this build; only 'wan' (the full Wan VAE) is");
        }
        context.stage("Loading ONNX graphs...");
        WanModels loaded = WanModels.open(graphs, models.resolve(WanArtifacts.WAN_ONNX.directoryName()),
                models.resolve(ditArtifact.directoryName()), variant, config.height, config.width);
        return new WanPipeline(loaded, variant, config);
    }
}
