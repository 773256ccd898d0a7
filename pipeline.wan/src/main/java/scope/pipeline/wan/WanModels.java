package scope.pipeline.wan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The opened and checked graphs of one pipeline instance. Opening checks every graph against the contract at the
 * configured resolution and closes what it opened when one fails.
 */
public final class WanModels implements AutoCloseable {
    public final UnigramTokenizer tokenizer;
    public final Graph textEncoder;
    public final Graph dit;
    public final StatefulGraph vaeDecoder;
    public final StatefulGraph vaeEncoder;
    public final int layers;
    public final int kvDim;
    private final List<Graph> opened;

    private WanModels(UnigramTokenizer tokenizer, Graph textEncoder, Graph dit, StatefulGraph vaeDecoder,
            StatefulGraph vaeEncoder, int layers, int kvDim, List<Graph> opened) {
        this.tokenizer = tokenizer;
        this.textEncoder = textEncoder;
        this.dit = dit;
        this.vaeDecoder = vaeDecoder;
        this.vaeEncoder = vaeEncoder;
        this.layers = layers;
        this.kvDim = kvDim;
        this.opened = opened;
    }

    /**
     * @param sharedDir   directory of the tokenizer, text encoder and VAE graphs
     * @param ditDir      directory of the pipeline's DiT graph
     */
    public static WanModels open(Graphs graphs, Path sharedDir, Path ditDir, WanVariant variant, int height,
            int width) throws Exception {
        return open(graphs, sharedDir, sharedDir, ditDir, variant, height, width);
    }

    /**
     * @param textDir directory of the tokenizer and the text encoder graph
     * @param vaeDir  directory of the VAE graphs
     * @param ditDir  directory of the pipeline's DiT graph
     */
    public static WanModels open(Graphs graphs, Path textDir, Path vaeDir, Path ditDir, WanVariant variant,
            int height, int width) throws Exception {
        List<Graph> opened = new ArrayList<>();
        try {
            Path tokenizerFile = textDir.resolve(WanContract.TOKENIZER);
            UnigramTokenizer tokenizer = new UnigramTokenizer(SentencePieceModel.read(tokenizerFile));
            long frameTokens = (long) (height / 16) * (width / 16);
            Map<String, Long> bindings = WanContract.resolutionBindings(height, width);
            bindings.putAll(GraphContract.bindings("CACHE_FRAMES", variant.cacheFrames(),
                    "CACHE_TOKENS", variant.cacheFrames() * frameTokens));
            Graph text = openChecked(graphs, textDir, WanContract.TEXT_ENCODER, bindings, opened);
            Path ditFile = ditDir.resolve(WanContract.DIT_FILE);
            Graph dit = open(graphs, ditFile, opened);
            int layers = WanContract.ditLayers(dit);
            variant.ditContract(layers).check(ditFile, dit, bindings);
            if (layers == 0) {
                throw new ModelContractViolation(ditFile, WanContract.KV_CACHE_IN + 0, "the graph has no input '"
                        + WanContract.KV_CACHE_IN + "0' (one KV cache input per layer; it declares "
                        + dit.inputs().keySet() + ")");
            }
            if (!bindings.containsKey("KV_DIM")) {
                throw new ModelContractViolation(ditFile, WanContract.KV_CACHE_IN + 0,
                        "input '" + WanContract.KV_CACHE_IN + "0' needs a static KV_DIM dimension");
            }
            Path decoderFile = vaeDir.resolve(WanContract.VAE_DECODER.file());
            StatefulGraph decoder = new StatefulGraph(decoderFile,
                    openChecked(graphs, vaeDir, WanContract.VAE_DECODER, bindings, opened), bindings);
            Path encoderFile = vaeDir.resolve(WanContract.VAE_ENCODER.file());
            StatefulGraph encoder = new StatefulGraph(encoderFile,
                    openChecked(graphs, vaeDir, WanContract.VAE_ENCODER, bindings, opened), bindings);
            return new WanModels(tokenizer, text, dit, decoder, encoder, layers, bindings.get("KV_DIM").intValue(),
                    opened);
        } catch (Exception | Error e) {
            opened.forEach(Graph::close);
            throw e;
        }
    }

    private static Graph openChecked(Graphs graphs, Path dir, GraphContract contract, Map<String, Long> bindings,
            List<Graph> opened) throws Exception {
        Path file = dir.resolve(contract.file());
        Graph g = open(graphs, file, opened);
        contract.check(file, g, bindings);
        return g;
    }

    private static Graph open(Graphs graphs, Path file, List<Graph> opened) throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new ModelsNotPresentException(file);
        }
        Graph g;
        try {
            g = graphs.open(file);
        } catch (Exception e) {
            throw new Exception("Cannot load model file " + file + ": " + e.getMessage(), e);
        }
        opened.add(g);
        return g;
    }

    /** A graph file that vanished between the presence check and opening. */
    static final class ModelsNotPresentException extends Exception {
        private static final long serialVersionUID = 1L;

        ModelsNotPresentException(Path file) {
            super("Model file is not present: " + file);
        }
    }

    /** Nanoseconds spent inside the inference engine by all graphs so far. */
    public long engineNanos() {
        return opened.stream().mapToLong(Graph::engineNanos).sum();
    }

    @Override
    public void close() {
        // the states held in the engine first, then the sessions
        vaeDecoder.close();
        vaeEncoder.close();
        opened.forEach(Graph::close);
    }
}
