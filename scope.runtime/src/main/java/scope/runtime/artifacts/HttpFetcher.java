package scope.runtime.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sends GET requests and follows redirects itself, so that each hop gets only the headers its origin may see (the
 * Hugging Face token must not travel to a CDN or to Google) and so that headers of the first hop, such as
 * {@code X-Linked-Size} on a Hugging Face redirect, are kept.
 */
final class HttpFetcher {
    static final int MAX_REDIRECTS = 10;

    /** Which extra headers a request to a given URI carries, and whether its ETag is a SHA-256 we may trust. */
    interface RequestPolicy {
        Map<String, String> headersFor(URI uri);

        default boolean etagIsSha256(URI uri) {
            return false;
        }

        RequestPolicy NONE = uri -> Map.of();
    }

    /**
     * The final response after redirects. {@code linkedSize}/{@code linkedSha256} come from the first hop that
     * carried {@code X-Linked-Size}/{@code X-Linked-Etag} (-1/null when none did); the caller closes {@code body}.
     */
    record Response(URI uri, int status, HttpHeaders headers, InputStream body, long linkedSize, String linkedSha256)
            implements AutoCloseable {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        long contentLength() {
            return headers.firstValueAsLong("Content-Length").orElse(-1);
        }

        String readText(int maxBytes) throws IOException {
            return new String(body.readNBytes(maxBytes), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private final Supplier<HttpClient> client;
    private final Duration responseTimeout;

    HttpFetcher(Supplier<HttpClient> client, Duration responseTimeout) {
        this.client = Objects.requireNonNull(client);
        this.responseTimeout = responseTimeout;
    }

    /**
     * The client, built at the first request: building one loads the TLS trust store and starts a selector thread,
     * which a server start (and a server that never downloads) should not pay for.
     */
    static Supplier<HttpClient> newClient(DownloadSettings settings) {
        return new Supplier<>() {
            private HttpClient built;

            @Override
            public synchronized HttpClient get() {
                if (built == null) {
                    built = HttpClient.newBuilder()
                            .connectTimeout(settings.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER) // see class comment
                            .build();
                }
                return built;
            }
        };
    }

    /** GET {@code uri}, asking for the bytes from {@code rangeStart} on when it is above 0. */
    Response fetch(URI uri, long rangeStart, RequestPolicy policy) throws IOException {
        URI current = uri;
        long linkedSize = -1;
        String linkedSha = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current).GET();
            if (responseTimeout != null) {
                request.timeout(responseTimeout);
            }
            policy.headersFor(current).forEach(request::header);
            if (rangeStart > 0) {
                request.header("Range", "bytes=" + rangeStart + "-");
            }
            HttpResponse<InputStream> response;
            try {
                response = client.get().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while requesting " + current);
            }
            HttpHeaders headers = response.headers();
            if (linkedSize < 0) {
                linkedSize = headers.firstValueAsLong("X-Linked-Size").orElse(-1);
            }
            if (linkedSha == null) {
                linkedSha = headers.firstValue("X-Linked-Etag").map(HttpFetcher::sha256FromEtag).orElse(null);
            }
            int status = response.statusCode();
            Optional<String> location = headers.firstValue("Location");
            if (isRedirect(status) && location.isPresent()) {
                response.body().close();
                current = current.resolve(location.get().trim());
                continue;
            }
            return new Response(current, status, headers, response.body(), linkedSize, linkedSha);
        }
        throw new DownloadException("Too many redirects (more than " + MAX_REDIRECTS + ") from " + uri);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The SHA-256 an ETag carries, or null when it is something else (a git blob id, an MD5, a weak tag). */
    static String sha256FromEtag(String etag) {
        String v = etag.trim();
        if (v.startsWith("W/")) {
            return null; // weak validators say nothing about the bytes
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v.matches("[0-9a-fA-F]{64}") ? v.toLowerCase(Locale.ROOT) : null;
    }

    /** Scheme, host and port equal (default ports filled in): the rule for who may see a credential. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** A refusal as an exception: 5xx and 429 may pass on their own, other statuses will not. */
    static DownloadException statusError(Response response, String what) {
        int status = response.status();
        String reason = switch (status) {
            case 401 -> " Unauthorized";
            case 403 -> " Forbidden";
            case 404 -> " Not Found";
            case 416 -> " Range Not Satisfiable";
            default -> "";
        };
        boolean retryable = status >= 500 || status == 429;
        return new DownloadException("HTTP " + status + reason + " for " + what + " (" + response.uri() + ")", status,
                retryable, null);
    }
}
