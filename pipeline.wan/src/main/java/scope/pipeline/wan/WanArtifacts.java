package scope.pipeline.wan;

import scope.api.Artifact;

/** Artifacts shared by the Wan-family pipelines (spec 7.2), as Scope declares them. */
public final class WanArtifacts {
    private WanArtifacts() {
    }

    public static final Artifact WAN_1_3B = Artifact.huggingFace("daydreamlive/Wan2.1-T2V-1.3B",
            "config.json", "Wan2.1_VAE.pth", "google");
    public static final Artifact UMT5_ENCODER = Artifact.huggingFace("daydreamlive/WanVideo_comfy",
            "config.json", "umt5-xxl-enc-fp8_e4m3fn.safetensors");
    public static final Artifact VACE_1_3B = Artifact.huggingFace("daydreamlive/WanVideo_comfy",
            "Wan2_1-VACE_module_1_3B_bf16.safetensors");
    public static final Artifact VACE_14B = Artifact.huggingFace("daydreamlive/WanVideo_comfy",
            "Wan2_1-VACE_module_14B_bf16.safetensors");
    public static final Artifact LIGHT_VAE = Artifact.huggingFace("daydreamlive/Autoencoders",
            "config.json", "lightvaew2_1.pth");
    public static final Artifact TAE = Artifact.huggingFace("daydreamlive/Autoencoders", "taew2_1.pth");
    public static final Artifact LIGHT_TAE = Artifact.huggingFace("daydreamlive/Autoencoders", "lighttaew2_1.pth");
}
