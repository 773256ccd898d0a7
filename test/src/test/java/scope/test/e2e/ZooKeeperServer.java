package scope.test.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Debian's ZooKeeper server ({@code /usr/share/java/zookeeper.jar}, package {@code zookeeper}, installed by
 * {@code .ci/install-deps.sh}) as a subprocess: standalone, on a free port and a fresh data directory, its admin
 * HTTP server off. Output goes to {@code logDir/zookeeper.log}.
 */
public final class ZooKeeperServer implements AutoCloseable {
    public static final Path JAR = Paths.get("/usr/share/java/zookeeper.jar");
    private final Process process;
    private final Path data;
    private final int port;

    private ZooKeeperServer(Process process, Path data, int port) {
        this.process = process;
        this.data = data;
        this.port = port;
    }

    public static ZooKeeperServer start(Path logDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("ZooKeeper's server is missing (" + JAR + "): install the Debian package "
                    + "zookeeper (bash .ci/install-deps.sh)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve("zookeeper.log");
        Path data = Files.createTempDirectory("scope-zk-");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        // tick 500 ms: the smallest session timeout a client may ask for is two ticks
        Process p = new ProcessBuilder(java, "-Xmx128m", "-Dzookeeper.admin.enableServer=false",
                "-cp", JAR.toString(), "org.apache.zookeeper.server.ZooKeeperServerMain",
                Integer.toString(port), data.toString(), "500")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ZooKeeperServer server = new ZooKeeperServer(p, data, port);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return server;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    server.close();
                    throw new IOException("ZooKeeper exited: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IOException("ZooKeeper did not listen on " + port + " within 30 s");
    }

    /** The connect string ({@code 127.0.0.1:port}). */
    public String connect() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Chromium.deleteTree(data);
    }
}
