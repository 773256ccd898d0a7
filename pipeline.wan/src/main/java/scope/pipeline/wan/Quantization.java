package scope.pipeline.wan;

import scope.api.config.Param;

@Param(description = "Weight quantization for the diffusion model")
public enum Quantization {
    FP8_E4M3FN
}
