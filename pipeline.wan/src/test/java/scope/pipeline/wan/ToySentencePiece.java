package scope.pipeline.wan;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a small SentencePiece unigram model file with T5's special ids (pad 0, eos 1, unk 2). */
public final class ToySentencePiece {
    private ToySentencePiece() {
    }

    public static final List<String> WORDS = List.of("\u2581a", "\u2581cat", "\u2581dog", "\u2581red", "\u2581blue",
            "\u2581sky", "\u2581sea", "\u2581ca", "t", "\u2581");

    /** Pieces in id order: pad, eos, unk, the words, then the letters a-z. */
    public static List<String> pieces() {
        List<String> p = new ArrayList<>(List.of("<pad>", "</s>", "<unk>"));
        p.addAll(WORDS);
        for (char c = 'a'; c <= 'z'; c++) {
            p.add(String.valueOf(c));
        }
        return p;
    }

    public static void write(Path file, boolean byteFallback) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        List<String> pieces = pieces();
        for (int i = 0; i < pieces.size(); i++) {
            String text = pieces.get(i);
            int type = i < 2 ? 3 : i == 2 ? 2 : 1;
            // whole words score higher than their letters, so Viterbi prefers them
            float score = i < 3 ? 0f : text.length() > 1 ? -1f - i * 0.01f : -5f;
            ByteArrayOutputStream pb = new ByteArrayOutputStream();
            CodedOutputStream p = CodedOutputStream.newInstance(pb);
            p.writeString(1, text);
            p.writeFloat(2, score);
            p.writeEnum(3, type);
            p.flush();
            out.writeByteArray(1, pb.toByteArray());
        }
        if (byteFallback) {
            for (int b = 0; b < 256; b++) {
                ByteArrayOutputStream pb = new ByteArrayOutputStream();
                CodedOutputStream p = CodedOutputStream.newInstance(pb);
                p.writeString(1, String.format("<0x%02X>", b));
                p.writeFloat(2, 0f);
                p.writeEnum(3, 6);
                p.flush();
                out.writeByteArray(1, pb.toByteArray());
            }
        }
        ByteArrayOutputStream tb = new ByteArrayOutputStream();
        CodedOutputStream trainer = CodedOutputStream.newInstance(tb);
        trainer.writeBool(35, byteFallback);
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
        Files.createDirectories(file.getParent());
        Files.write(file, bytes.toByteArray());
    }
}
