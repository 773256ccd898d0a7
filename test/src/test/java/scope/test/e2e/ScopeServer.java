package scope.test.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real distribution ({@code run/target/scope.jar}) as a subprocess with a fresh home and a free port, HTTP on
 * loopback. Its output goes to {@code logDir/server.log}.
 */
public final class ScopeServer implements AutoCloseable {
    private final Process process;
    private final Path home;
    private final int port;
    private final Path log;
    private final boolean ownsHome;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, JsonNode json, String body) {
    }

    private ScopeServer(Process process, Path home, int port, Path log, boolean ownsHome) {
        this.ownsHome = ownsHome;
        this.process = process;
        this.home = home;
        this.port = port;
        this.log = log;
    }

    static Path jar() {
        Path jar = Paths.get(System.getProperty("scope.jar", "../run/target/scope.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no server jar at " + jar.toAbsolutePath() + " - build the run module first");
        }
        return jar;
    }

    public static ScopeServer start(Path logDir) throws IOException, InterruptedException {
        return start(logDir, java.util.Map.of());
    }

    /** @param env extra environment for the server (e.g. {@code SCOPE_VRAM_GB=80} to list the model pipelines) */
    public static ScopeServer start(Path logDir, java.util.Map<String, String> env) throws IOException, InterruptedException {
        return start(logDir, env, Files.createTempDirectory("scope-e2e-home-"), true);
    }

    /**
     * As {@link #start(Path, java.util.Map)} on a home the caller owns (kept when the server closes), e.g. to start
     * a server again on what the previous one left.
     */
    public static ScopeServer start(Path logDir, java.util.Map<String, String> env, Path home)
            throws IOException, InterruptedException {
        return start(logDir, env, home, false);
    }

    private static ScopeServer start(Path logDir, java.util.Map<String, String> env, Path home, boolean ownsHome)
            throws IOException, InterruptedException {
        int port = freePort();
        Files.createDirectories(logDir);
        Path log = logDir.resolve("server.log");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m"));
        // extra JVM flags for benchmarks (e.g. -XX:NativeMemoryTracking=summary)
        String jvmArgs = System.getProperty("scope.server.jvmArgs", "").trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar().toString(),
                "--home", home.toString(), "--port", Integer.toString(port),
                // a test may listen elsewhere (SCOPE_HOST in env); health checks still use loopback
                "--host", env.getOrDefault("SCOPE_HOST", "127.0.0.1")));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // no GPU is assumed, so model pipelines are filtered and nothing tries to detect one
        pb.environment().put("SCOPE_VRAM_GB", "0");
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // as run/bin/scope starts the server
        pb.environment().putAll(env);
        Process p = pb.start();
        ScopeServer server = new ScopeServer(p, home, port, log, ownsHome);
        try {
            server.awaitUp();
            return server;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private void awaitUp() throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("server exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (get("/health").status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("server did not answer /health within 60 s");
    }

    public int port() {
        return port;
    }

    /** Whether the server process is still running (a crash ends it). */
    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path home() {
        return home;
    }

    public Path log() {
        return log;
    }

    /** The page origin the browser uses: localhost is a secure context, so getUserMedia works. */
    String origin() {
        return "http://localhost:" + port;
    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    public Response post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Announces a body of {@code declaredBytes} and sends only the headers: a server that checks Content-Length
     * answers at once (413) without the client racing a half-sent upload against the server closing the
     * connection. Returns the status code of the answer.
     */
    public int postDeclaringSize(String path, long declaredBytes) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + declaredBytes + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            if (status == null || !status.startsWith("HTTP/1.1 ")) {
                throw new IOException("no HTTP status line, got: " + status);
            }
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = r.body().isEmpty() ? null : Cdp.JSON.readTree(r.body());
        } catch (IOException e) {
            // not JSON
        }
        return new Response(r.statusCode(), json, r.body());
    }

    /**
     * Drops a plugin bundle into the watched folder atomically: copied under a temp name beside the folder (same
     * file system), then renamed into it, so the watcher never sees a half-written jar.
     */
    public void deployPlugin(Path bundle) throws IOException {
        Path plugins = home.resolve("plugins");
        Files.createDirectories(plugins);
        Path tmp = home.resolve(bundle.getFileName() + ".part");
        Files.copy(bundle, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, plugins.resolve(bundle.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** CPU seconds (user + system) the server process has used, from /proc/PID/stat. */
    public double cpuSeconds() throws IOException {
        String stat = Files.readString(Paths.get("/proc", Long.toString(process.pid()), "stat"));
        // fields after the command name (which may contain spaces) start at state; utime and stime are 14 and 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /** Ends the process at once (SIGKILL), as a crash would: nothing of it runs a shutdown. */
    public void killForcibly() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the server shuts down cleanly
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (ownsHome) {
            Chromium.deleteTree(home);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
