package scope.record.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FFmpeg writer against FFmpeg's own reader: what goes in is what decodes. */
class Mp4WriterTest {

    static byte[] solid(int w, int h, int r, int g, int b) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) r;
            rgb[i + 1] = (byte) g;
            rgb[i + 2] = (byte) b;
        }
        return rgb;
    }

    /** Mean absolute difference between the channels of each pixel: 0 for gray. */
    static double colourfulness(byte[] rgb) {
        double sum = 0;
        for (int i = 0; i < rgb.length; i += 3) {
            int r = rgb[i] & 0xff;
            int g = rgb[i + 1] & 0xff;
            int b = rgb[i + 2] & 0xff;
            sum += Math.abs(r - g) + Math.abs(g - b);
        }
        return sum / (rgb.length / 3.0);
    }

    @Test
    void framesDecodeBackWithTheirTimesAndColours(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.mp4");
        Mp4Writer w = new Mp4Writer(file, 64, 48, Mp4Writer.ENCODER);
        try {
            for (int i = 0; i < 60; i++) {
                // 30 fps, with a 0.5 s freeze in the middle (a pause: the same frame, later)
                long at = i * 33_333L + (i >= 30 ? 500_000L : 0);
                w.write(i < 30 ? solid(64, 48, 200, 40, 40) : solid(64, 48, 128, 128, 128), 64, 48, at);
            }
            w.finish();
        } finally {
            w.release();
        }
        Mp4Probe p = Mp4Probe.read(file);
        assertEquals(60, p.frames());
        assertEquals(64, p.width());
        assertEquals(48, p.height());
        assertEquals("h264", p.codec());
        assertEquals(59 * 0.033333 + 0.5, p.frameTimes().get(59) - p.frameTimes().get(0), 0.01);
        assertEquals(0.5 + 0.0333, p.frameTimes().get(30) - p.frameTimes().get(29), 0.01, "the pause is kept");
        assertTrue(p.durationSeconds() > 2.4 && p.durationSeconds() < 2.6, "duration " + p.durationSeconds());
        assertTrue(colourfulness(p.middleFrame()) < 6, "gray stays gray: " + colourfulness(p.middleFrame()));
    }

    @Test
    void oddSizesAndSizeChangesAreScaledToTheFirstEvenSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("odd.mp4");
        Mp4Writer w = new Mp4Writer(file, 33, 17, Mp4Writer.ENCODER);
        try {
            w.write(solid(33, 17, 10, 200, 10), 33, 17, 0);
            w.write(solid(50, 40, 10, 200, 10), 50, 40, 33_333);
            w.finish();
        } finally {
            w.release();
        }
        Mp4Probe p = Mp4Probe.read(file);
        assertEquals(2, p.frames());
        assertEquals(32, p.width());
        assertEquals(16, p.height());
    }

    @Test
    void aMissingEncoderIsAnErrorNamingIt(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class,
                () -> new Mp4Writer(dir.resolve("x.mp4"), 64, 64, "no-such-encoder"));
        assertTrue(e.getMessage().contains("no-such-encoder"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("x.mp4")));
    }

    @Test
    void anUnwritableFileIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain"), "x");
        IOException e = assertThrows(IOException.class,
                () -> new Mp4Writer(notADir.resolve("x.mp4"), 64, 64, Mp4Writer.ENCODER));
        assertTrue(e.getMessage().contains("x.mp4"), e.getMessage());
    }
}
