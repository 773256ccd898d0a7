package scope.pipeline.wan;

import java.util.List;
import scope.api.config.BasePipelineConfig;
import scope.api.config.Param;
import scope.api.config.Ui;

/** The field set shared by the Wan-family generators (spec 7.2). Pipelines redeclare fields that differ. */
public class WanGeneratorConfig extends BasePipelineConfig {
    @Param(minimum = 0, maximum = 2, description = "Scale of the VACE conditioning context")
    @Ui(order = 1, component = "vace", loadParam = true)
    public double vaceContextScale = 1.0;

    @Param(description = "How LoRA adapters are applied: permanent_merge or runtime_peft")
    @Ui(order = 2, component = "lora", loadParam = true)
    public String loraMergeStrategy = "permanent_merge";

    @Param(description = "VAE used to decode latents")
    @Ui(order = 3, label = "VAE", loadParam = true)
    public VaeType vaeType = VaeType.WAN;

    @Param(minimum = 1, description = "Output height in pixels")
    @Ui(order = 4, component = "resolution", loadParam = true)
    public int height = 320;

    @Param(minimum = 1, description = "Output width in pixels")
    @Ui(order = 4, component = "resolution", loadParam = true)
    public int width = 576;

    @Param(minimum = 0, description = "Random seed for generation")
    @Ui(order = 5, label = "Seed", loadParam = true)
    public int baseSeed = 42;

    @Param(description = "Reset the KV cache automatically when the prompt changes")
    @Ui(order = 5, component = "cache", loadParam = true)
    public boolean manageCache = true;

    @Param(description = "Denoising timesteps, descending, each at most 1000")
    @Ui(order = 6, component = "denoising_steps", loadParam = true, modulatable = true, modulatableMin = 100,
            modulatableMax = 1000)
    public List<Integer> denoisingSteps = List.of(1000, 750, 500, 250);

    @Param(minimum = 0, maximum = 1, description = "Amount of noise added to the input video")
    @Ui(order = 7, component = "noise", modes = {"video"})
    public Double noiseScale = 0.7;

    @Param(description = "Adapt the noise to the motion in the input video")
    @Ui(order = 7, component = "noise", modes = {"video"})
    public Boolean noiseController = true;

    @Param(nullable = true, description = "Weight quantization; fp8 fits smaller GPUs")
    @Ui(order = 8, component = "quantization", loadParam = true)
    public Quantization quantization = null;
}
