package scope.pipeline.wan.convert;

import java.io.IOException;
import java.nio.file.Path;
import scope.checkpoint.Checkpoint;
import scope.checkpoint.CheckpointException;
import scope.checkpoint.Checkpoints;

/**
 * LongLive's files (Scope's {@code daydreamlive/LongLive-1.3B}) as the DiT converter reads them, as Scope loads
 * them: {@code longlive_base.pt}'s {@code generator} dict with the {@code model.} prefix stripped when every key
 * has it ({@code WanDiffusionWrapper}), and {@code lora.pt}'s {@code generator_lora} dict (or the file itself when
 * it is a bare PEFT state dict, as {@code ModuleTargetedLoRAStrategy} accepts both), merged into the base.
 */
public final class LongLiveCheckpoints {
    /** The dict of longlive_base.pt holding the generator (model.yaml {@code generator_model_name}). */
    public static final String GENERATOR = "generator";
    /** The dict of lora.pt holding the adapter. */
    public static final String GENERATOR_LORA = "generator_lora";
    /** LongLive's model.yaml {@code adapter}: rank 256, alpha 256. */
    public static final int LORA_RANK = 256;
    public static final double LORA_ALPHA = 256;

    private LongLiveCheckpoints() {
    }

    /** The generator's state dict in upstream's key names. */
    public static Checkpoint generator(Checkpoint base) throws CheckpointException {
        Checkpoint g = base.names().stream().anyMatch(n -> n.startsWith(GENERATOR + "."))
                ? base.withPrefix(GENERATOR + ".") : base;
        boolean prefixed = !g.names().isEmpty() && g.names().stream().allMatch(n -> n.startsWith("model."));
        return prefixed ? g.stripPrefix("model.") : g;
    }

    /** The adapter's PEFT state dict. */
    public static Checkpoint lora(Checkpoint lora) {
        return lora.names().stream().anyMatch(n -> n.startsWith(GENERATOR_LORA + "."))
                ? lora.withPrefix(GENERATOR_LORA + ".") : lora;
    }

    /**
     * The base with the LoRA merged ({@link LoraMergedWeights}, LongLive's rank and alpha); close it when the
     * conversion is done (it closes both files).
     */
    public static LoraMergedWeights open(Path base, Path lora) throws IOException {
        Checkpoint b = Checkpoints.open(base);
        try {
            Checkpoint l = Checkpoints.open(lora);
            try {
                return new LoraMergedWeights(new CheckpointWeights(generator(b)), new CheckpointWeights(lora(l)),
                        LORA_ALPHA, LORA_RANK);
            } catch (RuntimeException | CheckpointException e) {
                l.close();
                throw e;
            }
        } catch (RuntimeException | IOException e) {
            b.close();
            throw e;
        }
    }
}
