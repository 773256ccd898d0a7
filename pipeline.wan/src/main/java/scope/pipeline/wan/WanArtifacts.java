package scope.pipeline.wan;

import scope.api.Artifact;

/**
 * Scope's own artifacts of the Wan-family pipelines (the file lists its pipeline definitions declare), which the
 * plugins download and convert into the graphs of the model contract (pipeline.wan/README.md), and the directory of
 * a hand-placed ONNX export of the shared graphs.
 */
public final class WanArtifacts {
    private WanArtifacts() {
    }

    /** Wan 2.1 1.3B: the DiT config LongLive builds on, the VAE, and the UMT5 tokenizer folder. */
    public static final Artifact WAN_1_3B = Artifact.huggingFace("daydreamlive/Wan2.1-T2V-1.3B",
            "config.json", "Wan2.1_VAE.pth", "google");

    /** The UMT5-XXL encoder, FP8 (E4M3) weights. */
    public static final Artifact UMT5_ENCODER = Artifact.huggingFace("daydreamlive/WanVideo_comfy",
            "config.json", "umt5-xxl-enc-fp8_e4m3fn.safetensors");

    /** LongLive 1.3B: the base generator and its LoRA. */
    public static final Artifact LONGLIVE = Artifact.huggingFace("daydreamlive/LongLive-1.3B",
            "config.json", "models/longlive_base.pt", "models/lora.pt");

    /** Wan 2.1 14B: the DiT config Krea builds on. */
    public static final Artifact WAN_14B = Artifact.huggingFace("daydreamlive/Wan2.1-T2V-14B", "config.json");

    /** Krea Realtime Video 14B. */
    public static final Artifact KREA = Artifact.huggingFace("daydreamlive/krea-realtime-video",
            "config.json", "krea-realtime-video-14b.safetensors");

    /**
     * Where an ONNX export of the shared graphs (tokenizer, text encoder, VAE) placed by hand is looked for
     * ({@code models/Wan2.1-ONNX/}); when it and the pipeline's own export directory hold every file, they are
     * loaded instead of converting Scope's checkpoints. Not downloaded: no such repository is published.
     */
    public static final Artifact WAN_ONNX = Artifact.huggingFace("scope-on-osgi/Wan2.1-ONNX",
            WanContract.TOKENIZER, WanContract.TEXT_ENCODER.file(), WanContract.VAE_DECODER.file(),
            WanContract.VAE_ENCODER.file());
}
