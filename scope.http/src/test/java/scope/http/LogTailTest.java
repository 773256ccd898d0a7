package scope.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
    @TempDir
    Path dir;

    private Path log(String content) throws Exception {
        Path file = dir.resolve("scope.log");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void noFileIsNoLinesAtOffsetZero() throws Exception {
        assertEquals(new LogTail.Answer(List.of(), 0), LogTail.read(dir.resolve("none.log"), 0, 200, 1024));
    }

    @Test
    void withoutAnOffsetTheLastLinesComeWithoutBlankOnes() throws Exception {
        Path file = log("a\n\nb\n   \nc\n");
        LogTail.Answer all = LogTail.read(file, 0, 200, 1024);
        assertEquals(List.of("a", "b", "c"), all.lines());
        assertEquals(Files.size(file), all.offset());
        assertEquals(List.of("b", "c"), LogTail.read(file, 0, 2, 1024).lines());
    }

    @Test
    void anOffsetGivesOnlyWhatWasWrittenSince() throws Exception {
        Path file = log("old one\nold two\n");
        long offset = LogTail.read(file, 0, 200, 1024).offset();
        Files.writeString(file, "new\r\n", StandardOpenOption.APPEND);
        LogTail.Answer next = LogTail.read(file, offset, 200, 1024);
        assertEquals(List.of("new"), next.lines());
        assertEquals(Files.size(file), next.offset());
        assertEquals(new LogTail.Answer(List.of(), next.offset()), LogTail.read(file, next.offset(), 200, 1024));
    }

    @Test
    void aLineStillBeingWrittenComesWholeWithTheNextPoll() throws Exception {
        Path file = log("done\nhalf a li");
        LogTail.Answer first = LogTail.read(file, 0, 200, 1024);
        assertEquals(List.of("done"), first.lines());
        assertEquals(5, first.offset());
        Files.writeString(file, "ne\n", StandardOpenOption.APPEND);
        assertEquals(List.of("half a line"), LogTail.read(file, first.offset(), 200, 1024).lines());
    }

    @Test
    void anOffsetPastTheEndMeansTheFileRolledOverAndStartsFromItsTail() throws Exception {
        Path file = log("fresh\n");
        assertEquals(List.of("fresh"), LogTail.read(file, 10_000, 200, 1024).lines());
    }

    @Test
    void farBehindReadsOnlyTheBoundAndDropsTheCutLine() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            b.append("line-").append(i).append('\n'); // 7 or 8 bytes each
        }
        Path file = log(b.toString());
        LogTail.Answer a = LogTail.read(file, 1, 1000, 64);
        assertEquals("line-99", a.lines().get(a.lines().size() - 1));
        assertTrue(a.lines().size() <= 8, a.lines().toString());
        a.lines().forEach(l -> assertTrue(l.matches("line-\\d+"), l));
        assertEquals(Files.size(file), a.offset());
    }
}
