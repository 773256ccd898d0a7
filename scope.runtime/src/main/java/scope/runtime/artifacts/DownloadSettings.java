package scope.runtime.artifacts;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where artifacts are fetched from and how hard to try.
 *
 * @param huggingFaceEndpoint base of the Hugging Face hub ({@code HF_ENDPOINT}, default https://huggingface.co);
 *        the token is sent to this origin only
 * @param huggingFaceToken the {@code HF_TOKEN}, or null
 * @param googleDriveBase base of the Google Drive download URL (default https://drive.google.com)
 * @param maxAttempts attempts per file when the connection drops or the server answers 5xx
 * @param retryBackoff pause before the second attempt; doubles for each further attempt
 * @param connectTimeout TCP/TLS connect timeout
 * @param responseTimeout time to wait for response headers of one request
 */
public record DownloadSettings(URI huggingFaceEndpoint, String huggingFaceToken, URI googleDriveBase,
        int maxAttempts, Duration retryBackoff, Duration connectTimeout, Duration responseTimeout) {

    public static final URI DEFAULT_HF_ENDPOINT = URI.create("https://huggingface.co");
    public static final URI DEFAULT_GOOGLE_DRIVE = URI.create("https://drive.google.com");

    public DownloadSettings {
        Objects.requireNonNull(huggingFaceEndpoint, "huggingFaceEndpoint");
        Objects.requireNonNull(googleDriveBase, "googleDriveBase");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        huggingFaceEndpoint = withoutTrailingSlash(huggingFaceEndpoint);
        googleDriveBase = withoutTrailingSlash(googleDriveBase);
        if (huggingFaceToken != null && huggingFaceToken.isBlank()) {
            huggingFaceToken = null;
        }
    }

    /** Public endpoints, no token, 4 attempts starting with a 2 s pause. */
    public static DownloadSettings defaults() {
        return new DownloadSettings(DEFAULT_HF_ENDPOINT, null, DEFAULT_GOOGLE_DRIVE, 4, Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** Defaults with {@code HF_ENDPOINT} and {@code HF_TOKEN} taken from the process environment. */
    public static DownloadSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static DownloadSettings fromEnvironment(Map<String, String> env) {
        DownloadSettings s = defaults();
        String endpoint = env.get("HF_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            s = s.withHuggingFaceEndpoint(URI.create(endpoint.trim()));
        }
        return s.withHuggingFaceToken(env.get("HF_TOKEN"));
    }

    public DownloadSettings withHuggingFaceEndpoint(URI endpoint) {
        return new DownloadSettings(endpoint, huggingFaceToken, googleDriveBase, maxAttempts, retryBackoff,
                connectTimeout, responseTimeout);
    }

    public DownloadSettings withHuggingFaceToken(String token) {
        return new DownloadSettings(huggingFaceEndpoint, token, googleDriveBase, maxAttempts, retryBackoff,
                connectTimeout, responseTimeout);
    }

    public DownloadSettings withGoogleDriveBase(URI base) {
        return new DownloadSettings(huggingFaceEndpoint, huggingFaceToken, base, maxAttempts, retryBackoff,
                connectTimeout, responseTimeout);
    }

    public DownloadSettings withRetries(int attempts, Duration backoff) {
        return new DownloadSettings(huggingFaceEndpoint, huggingFaceToken, googleDriveBase, attempts, backoff,
                connectTimeout, responseTimeout);
    }

    @Override
    public String toString() {
        // Never print the token itself.
        return "DownloadSettings[hf=" + huggingFaceEndpoint + ", token=" + (huggingFaceToken != null ? "set" : "unset")
                + ", drive=" + googleDriveBase + ", attempts=" + maxAttempts + "]";
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
