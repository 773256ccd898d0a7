package scope.pipeline.wan;

import scope.api.Artifact;

/**
 * The ONNX export shared by the Wan-family pipelines: tokenizer, UMT5 text encoder and the streaming Wan VAE
 * (pipeline.wan/README.md: the contract, and Scope's original checkpoints these are exported from). The repository
 * is where the export is expected to be published; until then the files are placed there by hand.
 */
public final class WanArtifacts {
    private WanArtifacts() {
    }

    public static final Artifact WAN_ONNX = Artifact.huggingFace("scope-on-osgi/Wan2.1-ONNX",
            WanContract.TOKENIZER, WanContract.TEXT_ENCODER.file(), WanContract.VAE_DECODER.file(),
            WanContract.VAE_ENCODER.file());
}
