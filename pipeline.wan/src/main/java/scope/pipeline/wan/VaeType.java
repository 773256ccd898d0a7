package scope.pipeline.wan;

import scope.api.config.Param;

@Param(description = "VAE used to decode latents: wan (full), lightvae (pruned), tae / lighttae (tiny decoders)")
public enum VaeType {
    WAN, LIGHTVAE, TAE, LIGHTTAE
}
