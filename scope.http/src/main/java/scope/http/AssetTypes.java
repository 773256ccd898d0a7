package scope.http;

import java.util.Locale;
import java.util.Map;

/**
 * The media files Scope's UI picks as assets (reference and first/last-frame images, video files, audio), by
 * extension as in Scope, each with its content type, its upload size limit and a check of the first bytes, so a
 * file named {@code .png} is an image and nothing else (an HTML page served as an image could run script).
 */
enum AssetTypes {
    PNG("png", "image", "image/png"), JPG("jpg", "image", "image/jpeg"), JPEG("jpeg", "image", "image/jpeg"),
    WEBP("webp", "image", "image/webp"), BMP("bmp", "image", "image/bmp"),
    MP4("mp4", "video", "video/mp4"), AVI("avi", "video", "video/x-msvideo"), MOV("mov", "video", "video/quicktime"),
    MKV("mkv", "video", "video/x-matroska"), WEBM("webm", "video", "video/webm"),
    WAV("wav", "audio", "audio/wav"), MP3("mp3", "audio", "audio/mpeg"), FLAC("flac", "audio", "audio/flac"),
    OGG("ogg", "audio", "audio/ogg");

    static final long IMAGE_LIMIT_BYTES = 50L * 1024 * 1024;
    static final long MEDIA_LIMIT_BYTES = 1024L * 1024 * 1024;
    private static final Map<String, AssetTypes> BY_EXTENSION;

    static {
        java.util.HashMap<String, AssetTypes> m = new java.util.HashMap<>();
        for (AssetTypes t : values()) {
            m.put(t.extension, t);
        }
        BY_EXTENSION = Map.copyOf(m);
    }

    final String extension;
    /** {@code image}, {@code video} or {@code audio}: Scope's {@code type} of an asset. */
    final String kind;
    final String contentType;

    AssetTypes(String extension, String kind, String contentType) {
        this.extension = extension;
        this.kind = kind;
        this.contentType = contentType;
    }

    /** @return the type of a file name by its extension, or null when it is not a media type Scope allows */
    static AssetTypes of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? null : BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static String allowedExtensions() {
        return String.join(", ", BY_EXTENSION.keySet().stream().sorted().map(e -> "." + e).toList());
    }

    long limitBytes() {
        return kind.equals("image") ? IMAGE_LIMIT_BYTES : MEDIA_LIMIT_BYTES;
    }

    /** Whether the file's first bytes are those of this format (the containers' signatures). */
    boolean matches(byte[] head) {
        return switch (this) {
            case PNG -> startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
            case JPG, JPEG -> startsWith(head, 0, 0xFF, 0xD8, 0xFF);
            case WEBP -> startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P');
            case BMP -> startsWith(head, 0, 'B', 'M');
            case AVI -> startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'A', 'V', 'I', ' ');
            case WAV -> startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'A', 'V', 'E');
            case MKV, WEBM -> startsWith(head, 0, 0x1A, 0x45, 0xDF, 0xA3);
            // ISO base media: the first box is ftyp (QuickTime files may start with another top-level atom)
            case MP4 -> startsWith(head, 4, 'f', 't', 'y', 'p');
            case MOV -> startsWith(head, 4, 'f', 't', 'y', 'p') || startsWith(head, 4, 'm', 'o', 'o', 'v')
                    || startsWith(head, 4, 'm', 'd', 'a', 't') || startsWith(head, 4, 'w', 'i', 'd', 'e')
                    || startsWith(head, 4, 'f', 'r', 'e', 'e') || startsWith(head, 4, 's', 'k', 'i', 'p');
            case MP3 -> startsWith(head, 0, 'I', 'D', '3')
                    || (head.length > 1 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0);
            case FLAC -> startsWith(head, 0, 'f', 'L', 'a', 'C');
            case OGG -> startsWith(head, 0, 'O', 'g', 'g', 'S');
        };
    }

    private static boolean startsWith(byte[] head, int at, int... expected) {
        if (head.length < at + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[at + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
