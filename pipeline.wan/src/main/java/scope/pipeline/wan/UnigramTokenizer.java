package scope.pipeline.wan;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SentencePiece unigram encoding (Viterbi over piece scores), enough for UMT5 prompts.
 * Implemented: NFKC normalisation (java.text), whitespace collapsing, the dummy prefix, whitespace as U+2581,
 * Viterbi segmentation over normal and user-defined pieces, unknown characters as the unk id or, when the model
 * enables it, byte-fallback pieces; end-of-sentence, truncation and padding to a fixed length.
 * Not implemented: the model's precompiled normalisation map (NFKC is its usual source, but custom rules in it
 * are ignored), sampling/n-best, and decoding.
 */
public final class UnigramTokenizer {
    private static final char SPACE = '\u2581';

    private final SentencePieceModel model;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int maxPieceLength;
    private final float unknownScore;
    private final int[] byteIds = new int[256];

    public UnigramTokenizer(SentencePieceModel model) {
        this.model = model;
        int maxLength = 1;
        float minScore = 0;
        Arrays.fill(byteIds, -1);
        List<SentencePieceModel.Piece> pieces = model.pieces();
        for (int i = 0; i < pieces.size(); i++) {
            SentencePieceModel.Piece p = pieces.get(i);
            if (p.type() == SentencePieceModel.NORMAL || p.type() == SentencePieceModel.USER_DEFINED) {
                ids.putIfAbsent(p.text(), i);
                maxLength = Math.max(maxLength, p.text().length());
                minScore = Math.min(minScore, p.score());
            } else if (p.type() == SentencePieceModel.BYTE && p.text().matches("<0x[0-9A-Fa-f]{2}>")) {
                byteIds[Integer.parseInt(p.text().substring(3, 5), 16)] = i;
            }
        }
        this.maxPieceLength = maxLength;
        // SentencePiece scores an unknown character below every known piece
        this.unknownScore = minScore - 10f;
    }

    /** The ids of a text, without end-of-sentence. */
    public List<Integer> encode(String text) {
        String s = normalize(text);
        int n = s.length();
        float[] best = new float[n + 1];
        int[] from = new int[n + 1];
        int[] pieceAt = new int[n + 1];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        best[0] = 0;
        for (int end = 1; end <= n; end++) {
            for (int start = Math.max(0, end - maxPieceLength); start < end; start++) {
                if (best[start] == Float.NEGATIVE_INFINITY) {
                    continue;
                }
                Integer id = ids.get(s.substring(start, end));
                if (id != null) {
                    float score = best[start] + model.pieces().get(id).score();
                    if (score > best[end]) {
                        best[end] = score;
                        from[end] = start;
                        pieceAt[end] = id;
                    }
                }
            }
            // an unknown single character (a whole surrogate pair counts as one)
            int start = end - 1;
            if (Character.isLowSurrogate(s.charAt(start)) && start > 0 && Character.isHighSurrogate(s.charAt(start - 1))) {
                start--;
            }
            if (best[start] != Float.NEGATIVE_INFINITY && best[start] + unknownScore > best[end]) {
                best[end] = best[start] + unknownScore;
                from[end] = start;
                pieceAt[end] = -1;
            }
        }
        List<Integer> reversed = new ArrayList<>();
        for (int end = n; end > 0; end = from[end]) {
            if (pieceAt[end] >= 0) {
                reversed.add(pieceAt[end]);
            } else {
                List<Integer> unknown = unknown(s.substring(from[end], end));
                for (int i = unknown.size() - 1; i >= 0; i--) {
                    reversed.add(unknown.get(i));
                }
            }
        }
        List<Integer> out = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            out.add(reversed.get(i));
        }
        return out;
    }

    private List<Integer> unknown(String character) {
        if (!model.byteFallback()) {
            return List.of(model.unkId());
        }
        List<Integer> out = new ArrayList<>();
        for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
            int id = byteIds[b & 0xff];
            out.add(id >= 0 ? id : model.unkId());
        }
        return out;
    }

    /**
     * Ids padded to a fixed length: the text's ids (truncated to leave room) and end-of-sentence, then padding;
     * {@code mask} receives 1 for real tokens and 0 for padding.
     */
    public long[] encodePadded(String text, int length, long[] mask) {
        List<Integer> ids = encode(text);
        int real = Math.min(ids.size(), length - 1);
        long[] out = new long[length];
        Arrays.fill(out, model.padId());
        for (int i = 0; i < real; i++) {
            out[i] = ids.get(i);
        }
        out[real] = model.eosId();
        Arrays.fill(mask, 0);
        Arrays.fill(mask, 0, real + 1, 1);
        return out;
    }

    String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        if (model.removeExtraWhitespaces()) {
            s = s.strip().replaceAll("\\s+", " ");
        }
        if (model.addDummyPrefix() && !s.isEmpty()) {
            s = " " + s;
        }
        return s.replace(' ', SPACE);
    }
}
