package scope.pipeline.wan.prepare;

import java.nio.file.Path;

/**
 * Where the graphs of one pipeline are: the tokenizer and text encoder, the VAE, the DiT. Either converted from
 * Scope's checkpoints (each its own cache directory) or an ONNX export placed by hand.
 */
public record ConvertedModels(Path textDirectory, Path vaeDirectory, Path ditDirectory, boolean placedByHand) {
}
