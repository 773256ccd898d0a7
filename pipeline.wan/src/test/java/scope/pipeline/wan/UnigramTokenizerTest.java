package scope.pipeline.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnigramTokenizerTest {
    @TempDir
    Path dir;

    private UnigramTokenizer tokenizer(boolean byteFallback) throws Exception {
        Path file = dir.resolve("spiece.model");
        ToySentencePiece.write(file, byteFallback);
        return new UnigramTokenizer(SentencePieceModel.read(file));
    }

    private static int id(String piece) {
        return ToySentencePiece.pieces().indexOf(piece);
    }

    @Test
    void wholeWordPiecesWinOverTheirLetters() throws Exception {
        assertEquals(List.of(id("\u2581a"), id("\u2581cat")), tokenizer(false).encode("a cat"));
    }

    @Test
    void whitespaceIsCollapsedAndCompatibilityCharactersNormalised() throws Exception {
        // U+FF43 (fullwidth c) becomes c under NFKC
        assertEquals(List.of(id("\u2581red"), id("\u2581sky")), tokenizer(false).encode("  red \t\uff53ky "));
    }

    @Test
    void aWordWithoutItsOwnPieceIsSpelledWithLetters() throws Exception {
        assertEquals(List.of(id("\u2581"), id("b"), id("e"), id("e")), tokenizer(false).encode("bee"));
    }

    @Test
    void unknownCharactersBecomeUnkOrBytesWithByteFallback() throws Exception {
        assertEquals(List.of(id("\u2581"), 2), tokenizer(false).encode("\u00e9"));
        int bytesStart = ToySentencePiece.pieces().size();
        // U+00E9 is C3 A9 in UTF-8
        assertEquals(List.of(id("\u2581"), bytesStart + 0xC3, bytesStart + 0xA9), tokenizer(true).encode("\u00e9"));
    }

    @Test
    void paddedEncodingEndsWithEosThenPadsAndMasks() throws Exception {
        long[] mask = new long[8];
        long[] ids = tokenizer(false).encodePadded("a dog", 8, mask);
        assertEquals(List.of((long) id("\u2581a"), (long) id("\u2581dog"), 1L, 0L, 0L, 0L, 0L, 0L),
                java.util.Arrays.stream(ids).boxed().toList());
        assertEquals(List.of(1L, 1L, 1L, 0L, 0L, 0L, 0L, 0L), java.util.Arrays.stream(mask).boxed().toList());
    }

    @Test
    void longTextIsTruncatedToLeaveRoomForEos() throws Exception {
        long[] mask = new long[4];
        long[] ids = tokenizer(false).encodePadded("a cat a dog red sky", 4, mask);
        assertEquals(1L, ids[3]);
        assertEquals(4, java.util.Arrays.stream(mask).sum());
    }
}
