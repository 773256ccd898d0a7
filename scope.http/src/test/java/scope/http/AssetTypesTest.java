package scope.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AssetTypesTest {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void typesAreScopesExtensionsInAnyCase() {
        assertEquals(AssetTypes.PNG, AssetTypes.of("a.PNG"));
        assertEquals("video", AssetTypes.of("clip.webm").kind);
        assertEquals("audio/mpeg", AssetTypes.of("x.mp3").contentType);
        assertNull(AssetTypes.of("page.html"));
        assertNull(AssetTypes.of("noextension"));
        assertEquals(AssetTypes.IMAGE_LIMIT_BYTES, AssetTypes.of("a.jpg").limitBytes());
        assertEquals(AssetTypes.MEDIA_LIMIT_BYTES, AssetTypes.of("a.mov").limitBytes());
    }

    @Test
    void contentMustStartLikeItsFormat() {
        assertTrue(AssetTypes.PNG.matches(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)));
        assertFalse(AssetTypes.PNG.matches(ascii("<html><script>")));
        assertTrue(AssetTypes.JPEG.matches(bytes(0xFF, 0xD8, 0xFF, 0xE0)));
        assertTrue(AssetTypes.WEBP.matches(ascii("RIFF\0\0\0\0WEBPVP8 ")));
        assertFalse(AssetTypes.WEBP.matches(ascii("RIFF\0\0\0\0WAVEfmt ")), "a WAV is not a WebP");
        assertTrue(AssetTypes.WAV.matches(ascii("RIFF\0\0\0\0WAVEfmt ")));
        assertTrue(AssetTypes.MP4.matches(ascii("\0\0\0\u0018ftypisom")));
        assertTrue(AssetTypes.MOV.matches(ascii("\0\0\0\u0008wide")));
        assertTrue(AssetTypes.WEBM.matches(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x01)));
        assertTrue(AssetTypes.MP3.matches(ascii("ID3\u0004")));
        assertTrue(AssetTypes.MP3.matches(bytes(0xFF, 0xFB, 0x90)));
        assertTrue(AssetTypes.FLAC.matches(ascii("fLaC")));
        assertTrue(AssetTypes.OGG.matches(ascii("OggS")));
        assertFalse(AssetTypes.BMP.matches(ascii("B")), "too short to tell");
    }

    @Test
    void fileNamesArePlainNames() throws Exception {
        assertEquals("cat photo.png", AssetsServlet.fileName("  cat photo.png "));
        assertEquals("a_b_.png", AssetsServlet.fileName("a\tb?.png"));
        for (String bad : new String[] {"../x.png", "sub/x.png", "..\\x.png", ".hidden.png", "x\0.png"}) {
            ApiException e = assertThrows(ApiException.class, () -> AssetsServlet.fileName(bad), bad);
            assertEquals(400, e.status, bad);
        }
        assertEquals(422, assertThrows(ApiException.class, () -> AssetsServlet.fileName(null)).status);
        assertEquals(422, assertThrows(ApiException.class, () -> AssetsServlet.fileName("x".repeat(300) + ".png"))
                .status);
    }
}
