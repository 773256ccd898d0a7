package scope.http;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The end of a growing log file, read by byte offset as Scope's log panel polls it: the non-blank lines after
 * {@code since} (the last {@code lines} of them), and the offset to ask from next time. Only complete lines are
 * returned and the offset is where the last of them ends, so a line being written comes whole with the next poll
 * (Scope answers the file size, which can split a line in two). An offset of 0 or one past the end (the file rolled
 * over since) means "from the tail". At most {@code maxBytes} are read from the end of the file per call.
 */
final class LogTail {
    record Answer(List<String> lines, long offset) {
    }

    private LogTail() {
    }

    static Answer read(Path file, long since, int lines, int maxBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new Answer(List.of(), 0);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            long from = since > 0 && since <= size ? since : 0;
            long start = Math.max(from, size - maxBytes);
            byte[] bytes = new byte[(int) (size - start)];
            raf.seek(start);
            raf.readFully(bytes);
            int complete = lastLineEnd(bytes);
            if (complete == 0 && bytes.length == maxBytes) {
                complete = bytes.length; // one line longer than a whole answer: send what there is
            }
            List<String> all = nonBlankLines(Arrays.copyOf(bytes, complete), start > from);
            return new Answer(List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size())),
                    complete == 0 ? from : start + complete);
        }
    }

    private static int lastLineEnd(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** @param cutAtStart the bytes start mid-file: the first, partial line is dropped */
    private static List<String> nonBlankLines(byte[] bytes, boolean cutAtStart) throws IOException {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        String[] split = text.split("\r?\n", -1);
        List<String> out = new ArrayList<>();
        for (int i = cutAtStart ? 1 : 0; i < split.length; i++) {
            if (!split[i].isBlank()) {
                out.add(split[i]);
            }
        }
        return out;
    }
}
