package scope.runtime.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scope.api.Artifact;

/**
 * Google Drive artifacts. {@code <base>/uc?export=download&id=<id>} serves small files directly; for large ones it
 * answers with an HTML "can't scan this file for viruses" page instead. The confirmation is then taken from a
 * {@code download_warning...} cookie, the page's download form (action plus hidden inputs), or a
 * {@code confirm=<token>} link, and followed. The file goes to {@code <models>/<name>/<file id>} when no files are
 * declared; with one declared file it is stored under that name; a ZIP archive is unpacked, keeping the declared
 * entries only.
 */
final class GoogleDriveClient {
    private static final Logger LOG = LoggerFactory.getLogger(GoogleDriveClient.class);
    private static final Pattern WARNING_COOKIE = Pattern.compile("(download_warning[^=]*)=([^;]+)");
    private static final Pattern FORM = Pattern.compile(
            "<form[^>]*id=\"download-form\"[^>]*>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern HIDDEN = Pattern.compile(
            "<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONFIRM = Pattern.compile("confirm=([0-9A-Za-z_-]+)");
    private static final Pattern ID_IN_URL = Pattern.compile("(?:/d/|[?&]id=)([0-9A-Za-z_-]+)");
    private static final int MAX_PAGE_BYTES = 2 << 20;
    private static final int MAX_CONFIRMATIONS = 3;

    private final HttpFetcher fetcher;
    private final HttpFileDownloader downloader;
    private final URI base;

    GoogleDriveClient(HttpFetcher fetcher, HttpFileDownloader downloader, URI base) {
        this.fetcher = fetcher;
        this.downloader = downloader;
        this.base = base;
    }

    /** The file id of an id or a share URL ({@code .../file/d/<id>/view}, {@code ...?id=<id>}). */
    static String fileIdOf(String idOrUrl) {
        if (!idOrUrl.contains("/") && !idOrUrl.contains("?")) {
            return idOrUrl;
        }
        Matcher m = ID_IN_URL.matcher(idOrUrl);
        if (!m.find()) {
            throw new IllegalArgumentException("Not a Google Drive file id or share URL: " + idOrUrl);
        }
        return m.group(1);
    }

    URI downloadUri(String fileId) {
        return URI.create(base + "/uc?export=download&id=" + URLEncoder.encode(fileId, StandardCharsets.UTF_8));
    }

    void download(Artifact artifact, ArtifactStore store, HttpFileDownloader.TransferListener listener)
            throws IOException {
        String fileId = fileIdOf(artifact.id());
        Path dir = store.directoryOf(artifact);
        Files.createDirectories(dir);
        List<String> files = artifact.files();
        Confirmed source = confirm(downloadUri(fileId));
        if (files.isEmpty() || (files.size() == 1 && files.get(0).toLowerCase(Locale.ROOT).endsWith(".zip"))) {
            Path target = store.pathOf(artifact, files.isEmpty() ? fileId : files.get(0));
            downloader.download(source.uri(), target, HttpFileDownloader.Expected.UNKNOWN, source.policy(), listener);
            return;
        }
        // Download under a private name first: it may be an archive to unpack rather than the file itself.
        Path archive = dir.resolve("." + fileId + ".download");
        downloader.download(source.uri(), archive, HttpFileDownloader.Expected.UNKNOWN, source.policy(), listener);
        try {
            if (isZip(archive)) {
                unpack(archive, artifact, store);
            } else if (files.size() == 1) {
                Files.move(archive, store.pathOf(artifact, files.get(0)), StandardCopyOption.REPLACE_EXISTING);
            } else {
                throw new DownloadException("Google Drive file " + fileId + " is not a ZIP archive, but "
                        + files.size() + " files were declared: " + files);
            }
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    /** The URL and request headers that yield the file itself rather than the virus-scan page. */
    record Confirmed(URI uri, HttpFetcher.RequestPolicy policy) {
    }

    Confirmed confirm(URI start) throws IOException {
        URI uri = start;
        Map<String, String> cookies = new LinkedHashMap<>();
        for (int round = 0; round <= MAX_CONFIRMATIONS; round++) {
            HttpFetcher.RequestPolicy policy = cookiePolicy(start, cookies);
            try (HttpFetcher.Response response = fetcher.fetch(uri, 0, policy)) {
                if (response.status() != 200) {
                    throw HttpFetcher.statusError(response, "Google Drive file");
                }
                String type = response.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
                if (!type.startsWith("text/html")) {
                    // The file itself: the downloader asks again with resume and verification.
                    return new Confirmed(uri, policy);
                }
                String page = response.readText(MAX_PAGE_BYTES);
                URI next = null;
                for (String setCookie : response.headers().allValues("Set-Cookie")) {
                    Matcher m = WARNING_COOKIE.matcher(setCookie);
                    if (m.find()) {
                        cookies.put(m.group(1), m.group(2));
                        next = withConfirm(uri, m.group(2));
                    }
                }
                if (next == null) {
                    next = fromForm(uri, page);
                }
                if (next == null) {
                    Matcher m = CONFIRM.matcher(page.replace("&amp;", "&"));
                    if (m.find()) {
                        next = withConfirm(uri, m.group(1));
                    }
                }
                if (next == null) {
                    throw new DownloadException("Google Drive answered " + uri + " with an HTML page that has no "
                            + "download confirmation; the file may be private, deleted, or over its download quota");
                }
                LOG.info("Google Drive asked to confirm the download; following {}", next);
                uri = next;
            }
        }
        throw new DownloadException("Google Drive kept asking to confirm the download of " + start);
    }

    private static HttpFetcher.RequestPolicy cookiePolicy(URI origin, Map<String, String> cookies) {
        Map<String, String> copy = Map.copyOf(cookies);
        return uri -> {
            if (copy.isEmpty() || !HttpFetcher.sameOrigin(uri, origin)) {
                return Map.of();
            }
            StringBuilder header = new StringBuilder();
            copy.forEach((k, v) -> header.append(header.length() > 0 ? "; " : "").append(k).append('=').append(v));
            return Map.of("Cookie", header.toString());
        };
    }

    private static URI withConfirm(URI uri, String token) {
        String s = uri.toString().replaceAll("[?&]confirm=[^&]*", "");
        return URI.create(s + (s.contains("?") ? "&" : "?") + "confirm="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private static URI fromForm(URI page, String html) {
        Matcher form = FORM.matcher(html);
        if (!form.find()) {
            return null;
        }
        Matcher action = ACTION.matcher(form.group(0));
        if (!action.find()) {
            return null;
        }
        StringBuilder query = new StringBuilder();
        Matcher input = HIDDEN.matcher(form.group(1));
        while (input.find()) {
            query.append(query.length() > 0 ? "&" : "")
                    .append(URLEncoder.encode(unescape(input.group(1)), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(unescape(input.group(2)), StandardCharsets.UTF_8));
        }
        URI target = page.resolve(unescape(action.group(1)));
        return URI.create(target + (target.getRawQuery() == null ? "?" : "&") + query);
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'");
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
    }

    /**
     * Extracts the declared files: an entry matches a declared name when its path equals it or ends with
     * {@code /<name>} (archives often wrap everything in one folder); a declared directory takes everything below it.
     */
    private static void unpack(Path archive, Artifact artifact, ArtifactStore store) throws IOException {
        List<String> found = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName().replace('\\', '/');
                for (String wanted : artifact.files()) {
                    String rest = match(name, wanted);
                    if (rest != null) {
                        Path target = store.pathOf(artifact, rest);
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                        found.add(wanted);
                        break;
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>(artifact.files());
        missing.removeAll(found);
        if (!missing.isEmpty()) {
            throw new DownloadException("The archive from Google Drive (" + artifact.id() + ") does not contain "
                    + missing);
        }
    }

    /** Where a ZIP entry goes for a declared name (relative to the artifact directory), or null if it does not. */
    private static String match(String entryName, String wanted) {
        if (entryName.equals(wanted) || entryName.endsWith("/" + wanted)) {
            return wanted;
        }
        int at = entryName.startsWith(wanted + "/") ? 0 : entryName.indexOf("/" + wanted + "/") + 1;
        if (at > 0 || entryName.startsWith(wanted + "/")) {
            return entryName.substring(at);
        }
        return null;
    }
}
