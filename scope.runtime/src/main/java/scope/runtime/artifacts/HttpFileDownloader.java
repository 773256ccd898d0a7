package scope.runtime.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one URL into one file, safely: bytes go to {@code <file>.incomplete}; an existing partial file is resumed
 * with {@code Range: bytes=N-} (a server that answers 200 or 416 instead makes it start over); the size is checked
 * against every size the servers announced and the SHA-256 against every hash known; only a complete, verified file
 * is renamed to its final name. A dropped connection or a 5xx is retried with exponential backoff, resuming where it
 * stopped. A wrong size or hash deletes the partial file, since resuming it could never succeed.
 */
final class HttpFileDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFileDownloader.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int BUFFER = 1 << 16;

    /** What is known about the file before asking for it: size -1 and sha256 null when unknown. */
    record Expected(long size, String sha256) {
        static final Expected UNKNOWN = new Expected(-1, null);
    }

    /** Bytes in the file so far (a resumed part included) and the total when known (-1 otherwise). */
    @FunctionalInterface
    interface TransferListener {
        void progress(long bytesSoFar, long totalBytes);

        TransferListener NONE = (done, total) -> { };
    }

    private final HttpFetcher fetcher;
    private final int maxAttempts;
    private final Duration backoff;

    HttpFileDownloader(HttpFetcher fetcher, int maxAttempts, Duration backoff) {
        this.fetcher = fetcher;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    static Path partialFileOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".incomplete");
    }

    void download(URI uri, Path target, Expected expected, HttpFetcher.RequestPolicy policy,
            TransferListener listener) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = partialFileOf(target);
        IOException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            try {
                transfer(uri, partial, expected, policy, listener);
                moveIntoPlace(partial, target);
                return;
            } catch (DownloadException e) {
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                last = e;
            }
            LOG.warn("Attempt {}/{} for {} failed: {}", attempt, maxAttempts, target.getFileName(), last.toString());
        }
        throw new DownloadException("Download of " + target.getFileName() + " from " + uri + " failed after "
                + maxAttempts + " attempts; the partial file is kept for the next try. Last error: " + last, last);
    }

    private void pause(int attempt) throws InterruptedIOException {
        long millis = backoff.toMillis() << Math.min(attempt - 2, 16);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    /** One attempt: request (resuming when a partial file exists), stream, verify. */
    private void transfer(URI uri, Path partial, Expected expected, HttpFetcher.RequestPolicy policy,
            TransferListener listener) throws IOException {
        long offset = Files.exists(partial) ? Files.size(partial) : 0;
        HttpFetcher.Response response = fetcher.fetch(uri, offset, policy);
        try {
            if (offset > 0 && response.status() == 416) {
                // The partial file does not fit what the server has now: start over.
                LOG.info("Server refused resuming {} at byte {}; restarting", partial.getFileName(), offset);
                response.close();
                offset = 0;
                response = fetcher.fetch(uri, 0, policy);
            }
            long rangeTotal = -1;
            if (offset > 0 && response.status() == 206) {
                Matcher m = CONTENT_RANGE.matcher(response.header("Content-Range").orElse(""));
                if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
                    Files.deleteIfExists(partial); // the next attempt starts clean
                    throw new DownloadException("Server answered a resume at byte " + offset
                            + " with an unexpected Content-Range: " + response.header("Content-Range").orElse("none"),
                            -1, true, null);
                }
                rangeTotal = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            } else if (response.status() == 200) {
                if (offset > 0) {
                    LOG.info("Server ignored the Range request for {}; restarting from byte 0", partial.getFileName());
                }
                offset = 0; // a 200 carries the whole file
            } else {
                throw HttpFetcher.statusError(response, finalName(partial));
            }
            long contentLength = response.contentLength();
            long total = agreedSize(partial, expected.size(), response.linkedSize(), rangeTotal,
                    contentLength >= 0 ? offset + contentLength : -1);
            Map<String, String> hashes = knownHashes(expected, response, policy);
            MessageDigest digest = hashes.isEmpty() ? null : sha256();
            if (digest != null && offset > 0) {
                hashExisting(partial, digest);
            }
            long size = stream(response.body(), partial, offset, total, digest, listener);
            if (total >= 0 && size != total) {
                throw sizeMismatch(partial, total, size);
            }
            if (digest != null) {
                String actual = HexFormat.of().formatHex(digest.digest());
                for (Map.Entry<String, String> e : hashes.entrySet()) {
                    if (!e.getValue().equals(actual)) {
                        Files.deleteIfExists(partial);
                        throw new DownloadException("SHA-256 mismatch for " + finalName(partial) + ": expected "
                                + e.getValue() + " (" + e.getKey() + ") but the downloaded bytes hash to " + actual
                                + "; the partial file was deleted");
                    }
                }
            }
            listener.progress(size, size);
        } finally {
            response.close();
        }
    }

    private static long stream(InputStream body, Path partial, long offset, long total, MessageDigest digest,
            TransferListener listener) throws IOException {
        StandardOpenOption mode = offset > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        long size = offset;
        listener.progress(size, total);
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                mode)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("download of " + finalName(partial) + " interrupted");
                }
                out.write(buffer, 0, n);
                if (digest != null) {
                    digest.update(buffer, 0, n);
                }
                size += n;
                if (total >= 0 && size > total) {
                    // Never keep reading a stream that is longer than announced.
                    out.close();
                    throw sizeMismatch(partial, total, size);
                }
                listener.progress(size, total);
            }
        }
        return size;
    }

    /** The one size every source agrees on, or -1 when none announced one; disagreement is an error. */
    private static long agreedSize(Path partial, long listed, long linked, long rangeTotal, long lengthTotal)
            throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        if (listed >= 0) {
            sizes.put("listing", listed);
        }
        if (linked >= 0) {
            sizes.put("X-Linked-Size", linked);
        }
        if (rangeTotal >= 0) {
            sizes.put("Content-Range", rangeTotal);
        }
        if (lengthTotal >= 0) {
            sizes.put("Content-Length", lengthTotal);
        }
        long agreed = -1;
        for (Map.Entry<String, Long> e : sizes.entrySet()) {
            if (agreed < 0) {
                agreed = e.getValue();
            } else if (e.getValue() != agreed) {
                Files.deleteIfExists(partial);
                throw new DownloadException("Size mismatch for " + finalName(partial) + ": the announced sizes "
                        + "disagree " + sizes + "; the partial file was deleted");
            }
        }
        return agreed;
    }

    private static Map<String, String> knownHashes(Expected expected, HttpFetcher.Response response,
            HttpFetcher.RequestPolicy policy) {
        Map<String, String> hashes = new LinkedHashMap<>();
        if (expected.sha256() != null) {
            hashes.put("listing", expected.sha256().toLowerCase(Locale.ROOT));
        }
        if (response.linkedSha256() != null) {
            hashes.put("X-Linked-Etag", response.linkedSha256());
        }
        if (policy.etagIsSha256(response.uri())) {
            response.header("ETag").map(HttpFetcher::sha256FromEtag).ifPresent(h -> hashes.put("ETag", h));
        }
        return hashes;
    }

    private static DownloadException sizeMismatch(Path partial, long expected, long actual) throws IOException {
        Files.deleteIfExists(partial);
        return new DownloadException("Size mismatch for " + finalName(partial) + ": expected " + expected
                + " bytes but received " + (actual > expected ? "more than that" : actual + " bytes")
                + "; the partial file was deleted");
    }

    private static void hashExisting(Path partial, MessageDigest digest) throws IOException {
        try (InputStream in = Files.newInputStream(partial)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String finalName(Path partial) {
        String name = partial.getFileName().toString();
        return name.endsWith(".incomplete") ? name.substring(0, name.length() - ".incomplete".length()) : name;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
