package scope.runtime.artifacts;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Two loopback HTTP servers standing in for the internet: {@code hub} serves the Hugging Face layout
 * ({@code /<repo>/resolve/main/<file>} with Range, X-Linked-Size and ETag, and {@code /api/models/<repo>/tree/main}),
 * {@code drive} serves the Google Drive layout ({@code /uc?export=download&id=}, with a virus-scan confirm page) and a
 * {@code /cdn/} path that hub redirects large files to. Every request is recorded with its headers.
 */
final class FakeHub implements AutoCloseable {
    record Request(String server, String path, String query, String range, String authorization, String cookie) {
    }

    /** How one hosted file behaves. */
    static final class FileSpec {
        final byte[] bytes;
        boolean lfs = true;
        boolean redirectToCdn;
        boolean ignoreRange;
        int dropAfter = -1;          // bytes sent before the connection is cut
        int drops;                   // how many responses are cut (Integer.MAX_VALUE = all)
        long announcedSize = -1;     // overrides the size in headers and listing
        String announcedSha;         // overrides the sha in headers and listing
        int status = 200;            // e.g. 401 for a gated repo
        CountDownLatch arrived;      // counted down when a request for the bytes arrives
        CountDownLatch release;      // the response waits for it
        final AtomicInteger served = new AtomicInteger();

        FileSpec(byte[] bytes) {
            this.bytes = bytes;
        }

        String sha() {
            return announcedSha != null ? announcedSha : sha256(bytes);
        }

        long size() {
            return announcedSize >= 0 ? announcedSize : bytes.length;
        }
    }

    enum DriveMode { DIRECT, COOKIE, FORM }

    private final HttpServer hub;
    private final HttpServer drive;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, FileSpec> hubFiles = new ConcurrentHashMap<>();
    private final Map<String, FileSpec> driveFiles = new ConcurrentHashMap<>();
    private final Map<String, DriveMode> driveModes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile boolean treeApi = true;

    FakeHub() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        hub = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        drive = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        hub.createContext("/", ex -> handle("hub", ex));
        drive.createContext("/", ex -> handle("drive", ex));
        hub.setExecutor(pool);
        drive.setExecutor(pool);
        hub.start();
        drive.start();
    }

    URI hubUri() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    URI driveUri() {
        return URI.create("http://127.0.0.1:" + drive.getAddress().getPort());
    }

    FileSpec hubFile(String repo, String path, byte[] bytes) {
        FileSpec spec = new FileSpec(bytes);
        hubFiles.put(repo + "/" + path, spec);
        return spec;
    }

    FileSpec driveFile(String id, byte[] bytes, DriveMode mode) {
        FileSpec spec = new FileSpec(bytes);
        spec.lfs = false;
        driveFiles.put(id, spec);
        driveModes.put(id, mode);
        return spec;
    }

    List<Request> requestsTo(String pathPart) {
        return requests.stream().filter(r -> r.path().contains(pathPart)).toList();
    }

    private void handle(String server, HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            String path = uri.getPath();
            String query = uri.getQuery() == null ? "" : uri.getQuery();
            requests.add(new Request(server, path, query, ex.getRequestHeaders().getFirst("Range"),
                    ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Cookie")));
            if (server.equals("hub") && path.startsWith("/api/models/")) {
                tree(ex, path.substring("/api/models/".length()), query.contains("recursive=true"));
            } else if (server.equals("hub") && path.contains("/resolve/main/")) {
                String[] parts = path.substring(1).split("/resolve/main/", 2);
                FileSpec spec = hubFiles.get(parts[0] + "/" + parts[1]);
                if (spec == null) {
                    send(ex, 404, "Entry not found");
                } else if (spec.status != 200) {
                    send(ex, spec.status, "refused");
                } else if (spec.redirectToCdn) {
                    ex.getResponseHeaders().add("Location", driveUri() + "/cdn/" + parts[0] + "/" + parts[1]);
                    ex.getResponseHeaders().add("X-Linked-Size", Long.toString(spec.size()));
                    ex.getResponseHeaders().add("X-Linked-Etag", "\"" + spec.sha() + "\"");
                    ex.getResponseHeaders().add("ETag", "\"" + spec.sha() + "\"");
                    ex.sendResponseHeaders(302, -1);
                } else {
                    if (spec.lfs) {
                        ex.getResponseHeaders().add("X-Linked-Size", Long.toString(spec.size()));
                        ex.getResponseHeaders().add("ETag", "\"" + spec.sha() + "\"");
                    } else {
                        ex.getResponseHeaders().add("ETag", "\"" + HexFormat.of().formatHex(new byte[20]) + "\"");
                    }
                    serveBytes(ex, spec);
                }
            } else if (server.equals("drive") && path.startsWith("/cdn/")) {
                serveBytes(ex, hubFiles.get(path.substring("/cdn/".length())));
            } else if (server.equals("drive") && (path.equals("/uc") || path.equals("/download"))) {
                driveDownload(ex, path, params(query));
            } else {
                send(ex, 404, "no such path");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away or the connection was cut on purpose.
        }
    }

    private void driveDownload(HttpExchange ex, String path, Map<String, String> params)
            throws IOException, InterruptedException {
        String id = params.get("id");
        FileSpec spec = id == null ? null : driveFiles.get(id);
        if (spec == null) {
            send(ex, 404, "not found");
            return;
        }
        DriveMode mode = driveModes.get(id);
        String token = "tok" + id.length();
        boolean confirmed = switch (mode) {
            case DIRECT -> true;
            case COOKIE -> token.equals(params.get("confirm")) && String.valueOf(
                    ex.getRequestHeaders().getFirst("Cookie")).contains("download_warning_13=" + token);
            case FORM -> path.equals("/download") && token.equals(params.get("confirm"))
                    && "u-1".equals(params.get("uuid"));
        };
        if (confirmed) {
            ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
            serveBytes(ex, spec);
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        String html;
        if (mode == DriveMode.COOKIE) {
            ex.getResponseHeaders().add("Set-Cookie", "download_warning_13=" + token + "; Path=/; HttpOnly");
            html = "<html><body>Google Drive can't scan this file for viruses.</body></html>";
        } else {
            html = "<html><body><p>Google Drive can't scan this file for viruses.</p>"
                    + "<form id=\"download-form\" action=\"" + driveUri() + "/download\" method=\"get\">"
                    + "<input type=\"submit\" value=\"Download anyway\"/>"
                    + "<input type=\"hidden\" name=\"id\" value=\"" + id + "\">"
                    + "<input type=\"hidden\" name=\"export\" value=\"download\">"
                    + "<input type=\"hidden\" name=\"confirm\" value=\"" + token + "\">"
                    + "<input type=\"hidden\" name=\"uuid\" value=\"u-1\"></form></body></html>";
        }
        send(ex, 200, html);
    }

    /** Serves a file with Range support; may hold the response, cut it short, or ignore Range as configured. */
    private void serveBytes(HttpExchange ex, FileSpec spec) throws IOException, InterruptedException {
        spec.served.incrementAndGet();
        if (spec.arrived != null) {
            spec.arrived.countDown();
        }
        if (spec.release != null && !spec.release.await(30, TimeUnit.SECONDS)) {
            throw new IOException("test never released the response");
        }
        byte[] bytes = spec.bytes;
        long start = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        int status = 200;
        if (range != null && !spec.ignoreRange) {
            start = Long.parseLong(range.replace("bytes=", "").replace("-", "").trim());
            if (start >= bytes.length) {
                ex.getResponseHeaders().add("Content-Range", "bytes */" + bytes.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            status = 206;
            ex.getResponseHeaders().add("Content-Range",
                    "bytes " + start + "-" + (bytes.length - 1) + "/" + bytes.length);
        }
        int length = (int) (bytes.length - start);
        ex.sendResponseHeaders(status, length);
        OutputStream out = ex.getResponseBody();
        if (spec.dropAfter >= 0 && spec.drops > 0) {
            spec.drops--;
            out.write(bytes, (int) start, Math.min(spec.dropAfter, length));
            out.flush();
            // Closing short of Content-Length makes the server shut the connection: a dropped transfer.
            return;
        }
        out.write(bytes, (int) start, length);
    }

    private void tree(HttpExchange ex, String rest, boolean recursive) throws IOException {
        // rest = owner/name/tree/main[/dir]
        String[] parts = rest.split("/", 5);
        if (!treeApi || parts.length < 4 || !parts[2].equals("tree")) {
            send(ex, 404, "{\"error\":\"not found\"}");
            return;
        }
        String repo = parts[0] + "/" + parts[1];
        String dir = parts.length == 5 ? parts[4] : "";
        String prefix = dir.isEmpty() ? "" : dir + "/";
        ObjectMapper json = new ObjectMapper();
        ArrayNode array = json.createArrayNode();
        Map<String, Boolean> seenDirs = new TreeMap<>();
        List<String> paths = new ArrayList<>();
        hubFiles.keySet().stream().filter(k -> k.startsWith(repo + "/")).sorted()
                .forEach(k -> paths.add(k.substring(repo.length() + 1)));
        for (String p : paths) {
            if (!p.startsWith(prefix)) {
                continue;
            }
            String below = p.substring(prefix.length());
            if (below.contains("/") && !recursive) {
                seenDirs.put(prefix + below.substring(0, below.indexOf('/')), true);
                continue;
            }
            FileSpec spec = hubFiles.get(repo + "/" + p);
            ObjectNode node = array.addObject();
            node.put("type", "file").put("oid", HexFormat.of().formatHex(new byte[20])).put("size", spec.size())
                    .put("path", p);
            if (spec.lfs) {
                node.putObject("lfs").put("oid", spec.sha()).put("size", spec.size()).put("pointerSize", 134);
            }
        }
        seenDirs.keySet().forEach(d -> array.addObject().put("type", "directory").put("oid", "0").put("size", 0)
                .put("path", d));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        send(ex, 200, json.writeValueAsString(array));
    }

    private static Map<String, String> params(String query) {
        Map<String, String> map = new TreeMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1),
                        StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        hub.stop(0);
        drive.stop(0);
        pool.shutdownNow();
    }
}
