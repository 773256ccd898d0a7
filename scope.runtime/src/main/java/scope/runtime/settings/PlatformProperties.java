package scope.runtime.settings;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the settings to the platform bundles that start after the runtime: Felix HTTP (host, port), FileInstall
 * (the drop folder, polled every 500 ms) and the web console (its password). Values already set explicitly as
 * system properties win.
 *
 * <p>The web console keeps its default login only when the server listens on loopback. On any other address the
 * password comes from {@code SCOPE_CONSOLE_PASSWORD}, or a random one is written to
 * {@code <home>/conf/console-password} (owner-readable only) and its location logged.
 */
final class PlatformProperties {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformProperties.class);
    static final int DROP_FOLDER_POLL_MS = 500;
    static final int HTTP_THREADS_MAX = 24;

    private PlatformProperties() {
    }

    /**
     * @param beginningStartLevel the framework's beginning start level (null when not set): bundles dropped into
     *                            the plugins folder get it, so they start
     */
    static void apply(ScopeSettings s, String beginningStartLevel) {
        System.setProperty("org.osgi.service.http.port", Integer.toString(s.port()));
        System.setProperty("org.apache.felix.http.host", s.host());
        setDefault("felix.fileinstall.dir", s.plugins().toString());
        setDefault("felix.fileinstall.poll", Integer.toString(DROP_FOLDER_POLL_MS));
        setDefault("felix.fileinstall.noInitialDelay", "true");
        // only bundle jars; dot-files are partial copies on their way in
        setDefault("felix.fileinstall.filter", "[^.].*\\.jar");
        setDefault("felix.fileinstall.bundles.new.start", "true");
        setDefault("felix.fileinstall.log.level", "3");
        // Without an explicit level FileInstall leaves a dropped bundle at the framework's initial bundle start
        // level, which the launcher sets above the beginning level: the bundle stayed INSTALLED and never started.
        if (beginningStartLevel != null && !beginningStartLevel.isBlank()) {
            setDefault("felix.fileinstall.start.level", beginningStartLevel.trim());
        }
        setDefault("felix.webconsole.manager.root", "/system/console");
        // a connection that sends nothing for this long is closed (bounds idle and trickling clients)
        setDefault("org.apache.felix.http.timeout", "30000");
        // request line and headers beyond this are refused (431) instead of buffered
        setDefault("org.apache.felix.http.jetty.headerBufferSize", "16384");
        // Jetty's own version is nobody's business
        setDefault("org.apache.felix.http.jetty.sendServerHeader", "false");
        // Jetty's pool keeps 8 threads when idle but grows towards its maximum (200) under a burst of parallel
        // requests and gives them back only slowly; requests beyond the pool wait in its queue instead. 24 covers
        // the WebRTC offers that wait for ICE (8 sessions at most) with room for everything else.
        setDefault("org.apache.felix.http.jetty.threadpool.max", Integer.toString(HTTP_THREADS_MAX));
        if (!s.isLoopbackOnly()) {
            System.setProperty("felix.webconsole.password", consolePassword(s.home().resolve("conf")
                    .resolve("console-password")));
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    static String consolePassword(Path file) {
        SecretFile.Secret secret = SecretFile.readOrCreate(file, System.getenv("SCOPE_CONSOLE_PASSWORD"), 12);
        if (secret.generated()) {
            LOG.warn("Web console is reachable on a non-loopback address: user 'admin', password in {}", file);
        }
        return secret.value();
    }
}
