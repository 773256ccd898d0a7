package scope.pipeline.wan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The vocabulary of a SentencePiece unigram model read from its {@code .model} file (a serialized
 * {@code sentencepiece.ModelProto}): pieces with scores and types, the special ids and the normalizer flags.
 * The normalizer's precompiled character map is not read (see {@link UnigramTokenizer}).
 */
public final class SentencePieceModel {
    /** Piece types of sentencepiece_model.proto. */
    public static final int NORMAL = 1;
    public static final int UNKNOWN = 2;
    public static final int CONTROL = 3;
    public static final int USER_DEFINED = 4;
    public static final int BYTE = 6;

    public record Piece(String text, float score, int type) {
    }

    private final List<Piece> pieces;
    private final int unkId;
    private final int eosId;
    private final int padId;
    private final boolean byteFallback;
    private final boolean addDummyPrefix;
    private final boolean removeExtraWhitespaces;

    private SentencePieceModel(List<Piece> pieces, int unkId, int eosId, int padId, boolean byteFallback,
            boolean addDummyPrefix, boolean removeExtraWhitespaces) {
        this.pieces = List.copyOf(pieces);
        this.unkId = unkId;
        this.eosId = eosId;
        this.padId = padId;
        this.byteFallback = byteFallback;
        this.addDummyPrefix = addDummyPrefix;
        this.removeExtraWhitespaces = removeExtraWhitespaces;
    }

    public static SentencePieceModel read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return parse(bytes);
        } catch (RuntimeException e) {
            throw new IOException("Not a SentencePiece model: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    static SentencePieceModel parse(byte[] bytes) {
        List<Piece> pieces = new ArrayList<>();
        // proto2 defaults of TrainerSpec / NormalizerSpec
        int unk = 0;
        int eos = 2;
        int pad = -1;
        boolean byteFallback = false;
        boolean dummyPrefix = true;
        boolean removeSpaces = true;
        ProtoReader model = new ProtoReader(bytes, 0, bytes.length);
        while (model.hasMore()) {
            int tag = model.tag();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == 2) {
                pieces.add(piece(model.message()));
            } else if (field == 2 && (tag & 7) == 2) {
                ProtoReader trainer = model.message();
                while (trainer.hasMore()) {
                    int t = trainer.tag();
                    switch (t >>> 3) {
                        case 35 -> byteFallback = trainer.varint() != 0;
                        case 40 -> unk = (int) trainer.varint();
                        case 42 -> eos = (int) trainer.varint();
                        case 43 -> pad = (int) trainer.varint();
                        default -> trainer.skip(t & 7);
                    }
                }
            } else if (field == 3 && (tag & 7) == 2) {
                ProtoReader normalizer = model.message();
                while (normalizer.hasMore()) {
                    int t = normalizer.tag();
                    switch (t >>> 3) {
                        case 3 -> dummyPrefix = normalizer.varint() != 0;
                        case 4 -> removeSpaces = normalizer.varint() != 0;
                        default -> normalizer.skip(t & 7);
                    }
                }
            } else {
                model.skip(tag & 7);
            }
        }
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("no pieces");
        }
        return new SentencePieceModel(pieces, unk, eos, pad, byteFallback, dummyPrefix, removeSpaces);
    }

    private static Piece piece(ProtoReader r) {
        String text = "";
        float score = 0;
        int type = NORMAL;
        while (r.hasMore()) {
            int t = r.tag();
            switch (t >>> 3) {
                case 1 -> text = r.string();
                case 2 -> score = r.fixed32Float();
                case 3 -> type = (int) r.varint();
                default -> r.skip(t & 7);
            }
        }
        return new Piece(text, score, type);
    }

    public List<Piece> pieces() {
        return pieces;
    }

    public int unkId() {
        return unkId;
    }

    public int eosId() {
        return eosId;
    }

    /** The padding id; T5-family models set 0 (a negative value means none is defined, and 0 is used). */
    public int padId() {
        return Math.max(padId, 0);
    }

    public boolean byteFallback() {
        return byteFallback;
    }

    public boolean addDummyPrefix() {
        return addDummyPrefix;
    }

    public boolean removeExtraWhitespaces() {
        return removeExtraWhitespaces;
    }
}
