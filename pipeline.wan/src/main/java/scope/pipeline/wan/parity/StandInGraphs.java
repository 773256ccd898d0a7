package scope.pipeline.wan.parity;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import scope.graph.DataType;
import scope.graph.GraphBuilder;
import scope.graph.ModelWriter;
import scope.graph.Precision;
import scope.graph.TensorData;
import scope.pipeline.wan.WanContract;

/**
 * The shared graphs a DiT parity check needs to run the real loop, where its fixture covers only the DiT: a
 * tokenizer with one piece per prompt ({@link #prompt}), a text encoder that returns the fixture's embedding of
 * that prompt, and VAE graphs of the contract's shapes whose values do not feed back into the DiT (zero frames,
 * zero latents).
 */
final class StandInGraphs {
    /** Ids before the prompt pieces: pad, eos, unk. */
    private static final int FIRST_PROMPT_ID = 3;

    private StandInGraphs() {
    }

    /** The text of prompt i; it tokenizes to the one piece {@code ▁p<i>} (and the end of sequence). */
    static String prompt(int i) {
        return "p" + i;
    }

    /**
     * Writes spiece.model and text_encoder.onnx into {@code dir}, and with {@code vae} the stand-in
     * vae_decoder.onnx and vae_encoder.onnx.
     */
    static void write(Path dir, float[] promptEmbeds, int prompts, int textDim, boolean vae) throws IOException {
        Files.createDirectories(dir);
        tokenizer(dir.resolve(WanContract.TOKENIZER), prompts);
        textEncoder(promptEmbeds, prompts, textDim, dir.resolve(WanContract.TEXT_ENCODER.file()));
        if (vae) {
            decoder(dir.resolve(WanContract.VAE_DECODER.file()));
            encoder(dir.resolve(WanContract.VAE_ENCODER.file()));
        }
    }

    private static void tokenizer(Path file, int prompts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        List<String> fixed = List.of("<pad>", "</s>", "<unk>");
        for (int i = 0; i < FIRST_PROMPT_ID + prompts; i++) {
            ByteArrayOutputStream pb = new ByteArrayOutputStream();
            CodedOutputStream p = CodedOutputStream.newInstance(pb);
            p.writeString(1, i < FIRST_PROMPT_ID ? fixed.get(i) : "\u2581" + prompt(i - FIRST_PROMPT_ID));
            p.writeFloat(2, i < FIRST_PROMPT_ID ? 0f : -1f);
            // control, control, unknown, normal
            p.writeEnum(3, i < 2 ? 3 : i == 2 ? 2 : 1);
            p.flush();
            out.writeByteArray(1, pb.toByteArray());
        }
        ByteArrayOutputStream tb = new ByteArrayOutputStream();
        CodedOutputStream trainer = CodedOutputStream.newInstance(tb);
        trainer.writeInt32(40, 2);
        trainer.writeInt32(41, -1);
        trainer.writeInt32(42, 1);
        trainer.writeInt32(43, 0);
        trainer.flush();
        out.writeByteArray(2, tb.toByteArray());
        ByteArrayOutputStream nb = new ByteArrayOutputStream();
        CodedOutputStream normalizer = CodedOutputStream.newInstance(nb);
        normalizer.writeString(1, "nmt_nfkc");
        normalizer.writeBool(3, true);
        normalizer.flush();
        out.writeByteArray(3, nb.toByteArray());
        out.flush();
        Files.write(file, bytes.toByteArray());
    }

    /** prompt_embeds[b] = the fixture's embedding of the prompt whose piece is input_ids[b, 0]. */
    private static void textEncoder(float[] embeds, int prompts, int textDim, Path file) throws IOException {
        GraphBuilder g = new GraphBuilder("stand_in_text_encoder", Precision.FP32);
        String ids = g.input("input_ids", DataType.INT64, "B", WanContract.TEXT_TOKENS);
        g.input("attention_mask", DataType.INT64, "B", WanContract.TEXT_TOKENS);
        String table = g.float32("prompt_embeds_table", TensorData.of(embeds), prompts, WanContract.TEXT_TOKENS,
                textDim);
        String first = g.squeeze(g.gather(ids, g.longs(0), 1), 1);
        String index = g.sub(first, g.longs(FIRST_PROMPT_ID));
        g.output(g.gather(table, index, 0), "prompt_embeds", DataType.FLOAT, "B", WanContract.TEXT_TOKENS, textDim);
        ModelWriter.write(g, file, ModelWriter.Placement.INLINE);
    }

    /** Zero frames of the contract's count: 1 + 4(F-1) on a first chunk, 4F after. */
    private static void decoder(Path file) throws IOException {
        GraphBuilder g = new GraphBuilder("stand_in_vae_decoder", Precision.FP32);
        String latents = g.input("latents", DataType.FLOAT, 1, WanContract.LATENT_CHANNELS, "F", "H8", "W8");
        String first = g.input("first_chunk", DataType.INT64, 1);
        String shape = g.shape(latents);
        String frames = g.sub(g.mul(g.gather(shape, g.longs(2), 0), g.longs(4)), g.mul(first, g.longs(3)));
        String h = g.mul(g.gather(shape, g.longs(3), 0), g.longs(8));
        String w = g.mul(g.gather(shape, g.longs(4), 0), g.longs(8));
        String zeros = g.op("ConstantOfShape", List.of(g.concat(0, frames, h, w, g.longs(3))));
        g.output(g.cast(zeros, DataType.UINT8), "frames", DataType.UINT8, "T", "H", "W", 3);
        ModelWriter.write(g, file, ModelWriter.Placement.INLINE);
    }

    /** Zero latents of the contract's shape (text mode never encodes). */
    private static void encoder(Path file) throws IOException {
        GraphBuilder g = new GraphBuilder("stand_in_vae_encoder", Precision.FP32);
        String video = g.input("video", DataType.FLOAT, 1, 3, "T", "H", "W");
        g.input("first_chunk", DataType.INT64, 1);
        String shape = g.shape(video);
        String frames = g.div(g.add(g.gather(shape, g.longs(2), 0), g.longs(3)), g.longs(4));
        String h = g.div(g.gather(shape, g.longs(3), 0), g.longs(8));
        String w = g.div(g.gather(shape, g.longs(4), 0), g.longs(8));
        String zeros = g.op("ConstantOfShape", List.of(g.concat(0, g.longs(1, WanContract.LATENT_CHANNELS), frames,
                h, w)));
        g.output(zeros, "latents", DataType.FLOAT, 1, WanContract.LATENT_CHANNELS, "F", "H8", "W8");
        ModelWriter.write(g, file, ModelWriter.Placement.INLINE);
    }
}
