package scope.runtime.artifacts;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files of Hugging Face repositories. A declared entry may be a file or a directory (a tokenizer folder, say), and
 * {@code resolve/main/<dir>} cannot fetch a directory, so entries are first looked up in the hub's tree listing
 * ({@code <endpoint>/api/models/<repo>/tree/main[/<path>]}): a file entry gets its size and, for LFS files, its
 * SHA-256; a directory entry is expanded to every file below it. When the listing API is not reachable (a plain
 * mirror without it) each entry is fetched as a file and checked against the size and hash headers alone.
 * The token goes only to the endpoint's own origin, never to the CDN a download redirects to.
 */
final class HuggingFaceClient {
    private static final Logger LOG = LoggerFactory.getLogger(HuggingFaceClient.class);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int MAX_LISTING_BYTES = 64 << 20;

    /** One file to fetch: its path in the repo, and size/sha256 when the listing knew them (-1/null otherwise). */
    record RemoteFile(String path, long size, String sha256) {
    }

    private record TreeEntry(String path, boolean directory, long size, String sha256) {
    }

    private final HttpFetcher fetcher;
    private final HttpFileDownloader downloader;
    private final URI endpoint;
    private final String token;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpFetcher.RequestPolicy policy;

    HuggingFaceClient(HttpFetcher fetcher, HttpFileDownloader downloader, URI endpoint, String token) {
        this.fetcher = fetcher;
        this.downloader = downloader;
        this.endpoint = endpoint;
        this.token = token;
        this.policy = new HttpFetcher.RequestPolicy() {
            @Override
            public Map<String, String> headersFor(URI uri) {
                return token != null && HttpFetcher.sameOrigin(uri, endpoint)
                        ? Map.of("Authorization", "Bearer " + token)
                        : Map.of();
            }

            @Override
            public boolean etagIsSha256(URI uri) {
                // The hub's own ETag on a resolve is the LFS sha256 (or a git id, which is ignored); a CDN's is not.
                return HttpFetcher.sameOrigin(uri, endpoint);
            }
        };
    }

    URI resolveUri(String repoId, String path) {
        return URI.create(endpoint + "/" + repoId + "/resolve/main/" + encodePath(path));
    }

    /** The files to fetch for the given entries of a repo. */
    List<RemoteFile> plan(String repoId, List<String> entries) throws IOException {
        Map<String, Optional<List<TreeEntry>>> listings = new HashMap<>();
        List<RemoteFile> files = new ArrayList<>();
        for (String raw : entries) {
            String entry = stripSlashes(raw);
            String parent = entry.contains("/") ? entry.substring(0, entry.lastIndexOf('/')) : "";
            Optional<List<TreeEntry>> listing = listings.get(parent);
            if (listing == null) {
                listing = list(repoId, parent, false);
                listings.put(parent, listing);
            }
            if (listing.isEmpty()) {
                files.add(new RemoteFile(entry, -1, null)); // no listing: treat it as a file
                continue;
            }
            TreeEntry found = listing.get().stream().filter(e -> e.path().equals(entry)).findFirst()
                    .orElseThrow(() -> new DownloadException("'" + entry + "' does not exist in Hugging Face repo "
                            + repoId + " (main)"));
            if (!found.directory()) {
                files.add(new RemoteFile(found.path(), found.size(), found.sha256()));
                continue;
            }
            List<TreeEntry> below = list(repoId, entry, true).orElseThrow(() -> new DownloadException(
                    "Could not list directory '" + entry + "' of Hugging Face repo " + repoId));
            below.stream().filter(e -> !e.directory())
                    .forEach(e -> files.add(new RemoteFile(e.path(), e.size(), e.sha256())));
        }
        return files;
    }

    void download(String repoId, RemoteFile file, Path target, HttpFileDownloader.TransferListener listener)
            throws IOException {
        try {
            downloader.download(resolveUri(repoId, file.path()), target,
                    new HttpFileDownloader.Expected(file.size(), file.sha256()), policy, listener);
        } catch (DownloadException e) {
            if (e.httpStatus() == 404) {
                throw new DownloadException("'" + file.path() + "' was not found in Hugging Face repo " + repoId
                        + ". If it is a directory, the hub's tree listing API must be reachable to expand it. ("
                        + e.getMessage() + ")", e);
            }
            throw e;
        }
    }

    /**
     * The entries of a repo directory ("" = root), following pagination; empty when the listing is unavailable.
     * A 401/403 is not "unavailable": the files would be refused too, so it fails here with the clearer message.
     */
    private Optional<List<TreeEntry>> list(String repoId, String dir, boolean recursive) throws IOException {
        String base = endpoint + "/api/models/" + repoId + "/tree/main" + (dir.isEmpty() ? "" : "/" + encodePath(dir));
        URI next = URI.create(recursive ? base + "?recursive=true" : base);
        List<TreeEntry> entries = new ArrayList<>();
        while (next != null) {
            String body;
            Optional<String> link;
            try (HttpFetcher.Response response = fetcher.fetch(next, 0, policy)) {
                if (response.status() == 401 || response.status() == 403) {
                    throw HttpFetcher.statusError(response, "the file listing of " + repoId);
                }
                if (response.status() != 200) {
                    LOG.info("Tree listing of {} unavailable (HTTP {}); fetching entries as plain files", repoId,
                            response.status());
                    return Optional.empty();
                }
                body = response.readText(MAX_LISTING_BYTES);
                link = response.header("Link");
            }
            JsonNode array;
            try {
                array = json.readTree(body);
            } catch (IOException e) {
                LOG.info("Tree listing of {} is not JSON; fetching entries as plain files", repoId);
                return Optional.empty();
            }
            if (!array.isArray()) {
                return Optional.empty();
            }
            for (JsonNode node : array) {
                String path = node.path("path").asText("");
                if (path.isEmpty()) {
                    continue;
                }
                JsonNode lfs = node.path("lfs");
                long size = lfs.has("size") ? lfs.path("size").asLong(-1) : node.path("size").asLong(-1);
                String sha = lfs.has("oid") ? HttpFetcher.sha256FromEtag(lfs.path("oid").asText("")) : null;
                entries.add(new TreeEntry(path, "directory".equals(node.path("type").asText()), size, sha));
            }
            next = link.map(NEXT_LINK::matcher).filter(Matcher::find).map(m -> endpoint.resolve(m.group(1))).orElse(null);
        }
        return Optional.of(entries);
    }

    private static String stripSlashes(String entry) {
        String e = entry.trim();
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        while (e.startsWith("/")) {
            e = e.substring(1);
        }
        return e;
    }

    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
