package scope.api.config;

import java.util.List;

/**
 * Fields every pipeline configuration has (Scope's {@code BasePipelineConfig}). Pipelines extend it and redeclare
 * a field to change its default, bounds or UI metadata.
 */
public class BasePipelineConfig {
    @Param(minimum = 1, description = "Output height in pixels")
    public int height = 512;

    @Param(minimum = 1, description = "Output width in pixels")
    public int width = 512;

    @Param(description = "Reset the cache automatically when the conditioning changes")
    public boolean manageCache = true;

    @Param(minimum = 0, description = "Random seed for generation")
    public int baseSeed = 42;

    @Param(nullable = true, description = "Denoising timesteps, descending")
    public List<Integer> denoisingSteps = null;

    @Param(nullable = true, description = "How LoRA adapters are applied: permanent_merge or runtime_peft")
    public String loraMergeStrategy = null;

    @Param(nullable = true, minimum = 0, maximum = 1, description = "Amount of noise added to the input video")
    public Double noiseScale = null;

    @Param(nullable = true, description = "Adapt the noise to the motion in the input video")
    public Boolean noiseController = null;

    @Param(nullable = true, minimum = 1, description = "Number of input frames per call")
    public Integer inputSize = 1;

    @Param(nullable = true, description = "Reference images (asset paths)")
    public List<String> refImages = null;

    @Param(minimum = 0, maximum = 2, description = "Scale of the VACE conditioning context")
    public double vaceContextScale = 1.0;
}
