package scope.runtime.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's basic settings, resolved once at start. Each value comes from, in order: the command-line flag
 * ({@code --home}, {@code --host}, {@code --port}, passed by the launcher), the environment ({@code SCOPE_HOME},
 * {@code SCOPE_HOST}, {@code SCOPE_PORT}), the framework/system property ({@code scope.home}, {@code scope.host},
 * {@code scope.port}), then the default ({@code ~/.scope}, {@code 127.0.0.1}, {@code 8000}); the optional Scope
 * frontend directory likewise ({@code --ui-dir}, {@code SCOPE_UI_DIR}, {@code scope.ui.dir}). The home directory
 * and its sub-directories ({@code models plugins assets workflows logs conf}) are created if missing.
 *
 * <p>This component starts before the platform bundles that read these values (Jetty, FileInstall, the web
 * console) and hands them over as system properties, which the framework's {@code getProperty} falls back to.
 */
@Component(service = ScopeSettings.class, immediate = true)
public class ScopeSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ScopeSettings.class);
    public static final List<String> SUBDIRECTORIES = List.of("models", "plugins", "assets", "workflows", "logs", "conf");

    private CleanShutdown shutdown;
    private HomeLock homeLock;
    private Path home;
    private String host;
    private int port;
    private boolean loopbackOnly;
    private AccessSettings access;
    private Path uiDir;
    private ClusterSettings cluster = ClusterSettings.standalone();
    private String[] launcherArgs = new String[0];
    private java.util.function.Function<String, String> properties = k -> null;

    public ScopeSettings() {
    }

    /** Settings without OSGi, for tests and tools. */
    public ScopeSettings(Path home, String host, int port) {
        init(home, host, port);
    }

    @Activate
    void activate(BundleContext context) {
        String[] launcherArgs = launcherArguments(context);
        // started by the executable jar's launcher (not embedded in a test framework): may end the process
        boolean launched = launcherArgs != null;
        String[] args = launched ? launcherArgs : new String[0];
        this.launcherArgs = args;
        this.properties = context::getProperty;
        Map<String, String> env = System.getenv();
        // the launcher applies the same rule before the framework starts (its storage lives under the home)
        Path homeDir = ScopeHome.resolve(args, env, context::getProperty);
        String hostValue = pick(flag(args, "--host"), env.get("SCOPE_HOST"), context.getProperty("scope.host"),
                "127.0.0.1");
        String portValue = pick(flag(args, "--port"), env.get("SCOPE_PORT"), context.getProperty("scope.port"), "8000");
        int p;
        try {
            p = Integer.parseInt(portValue.trim());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number from 0 to 65535, got '" + portValue + "'");
        }
        init(homeDir, hostValue.trim(), p);
        LogFile.teeStandardError(logs().resolve("scope.log"));
        try {
            uiDir = uiDirectory(pick(flag(args, "--ui-dir"), env.get("SCOPE_UI_DIR"), context.getProperty("scope.ui.dir")));
            cluster = ClusterSettings.resolve(name -> clusterValue(name, args, env, context), host, port);
            homeLock = HomeLock.acquire(home);
            if (port != 0) {
                PortCheck.requireFree(host, port);
            }
        } catch (IllegalStateException e) {
            LOG.error("Scope cannot start: {}", e.getMessage());
            if (launched) {
                // a server that cannot serve must not linger as a process without HTTP; exit from another thread,
                // since the shutdown hooks stop the framework, which waits for this activation
                Thread exit = new Thread(() -> System.exit(2), "scope-exit");
                exit.start();
            }
            throw e;
        }
        access = accessSettings(env, context);
        shutdown = context.getBundle(0).adapt(org.osgi.framework.launch.Framework.class) != null
                ? new CleanShutdown(context) : null;
        PlatformProperties.apply(this, context.getProperty("org.osgi.framework.startlevel.beginning"));
        LOG.info("Scope home {}, listening on {}:{}", home, host, port);
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        LOG.info("Scope is shutting down");
        if (shutdown != null) {
            shutdown.remove();
        }
        if (homeLock != null) {
            homeLock.release();
        }
    }

    /** A cluster setting by its environment name: the flag (none for the secret), the environment, the property. */
    private static String clusterValue(String envName, String[] args, Map<String, String> env, BundleContext context) {
        String property = envName.substring("SCOPE_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
        String flagName = switch (envName) {
            case "SCOPE_ROLE" -> "--role";
            case "SCOPE_CLUSTER_ZK" -> "--cluster-zk";
            case "SCOPE_WORKER_ID" -> "--worker-id";
            case "SCOPE_ADVERTISE_URL" -> "--advertise-url";
            default -> null;
        };
        return pick(flagName == null ? null : flag(args, flagName), env.get(envName),
                context.getProperty("scope." + property));
    }

    private AccessSettings accessSettings(Map<String, String> env, BundleContext context) {
        if (cluster.isWorker()) {
            // a worker takes control from the cluster only: every API call needs the cluster secret as its bearer
            // token, wherever it listens; the secret is neither written to the home nor logged
            LOG.info("Cluster worker '{}': the API answers calls that carry the cluster secret only",
                    cluster.workerId());
            return new AccessSettings(cluster.secret(),
                    AccessSettings.list(pick(env.get("SCOPE_ALLOWED_HOSTS"), context.getProperty("scope.allowed.hosts"))),
                    java.util.List.of());
        }
        String configured = pick(env.get("SCOPE_API_TOKEN"), context.getProperty("scope.api.token"));
        String token = null;
        if (configured != null || !loopbackOnly) {
            Path file = home.resolve("conf").resolve("api-token");
            SecretFile.Secret secret = SecretFile.readOrCreate(file, configured, 24);
            token = secret.value();
            if (secret.generated()) {
                LOG.warn("The API listens on a non-loopback address and needs a token: it is in {}", file);
            }
            LOG.info("Open the UI with its access token: http://{}:{}/?token={}", displayHost(), port, token);
        }
        return new AccessSettings(token,
                AccessSettings.list(pick(env.get("SCOPE_ALLOWED_HOSTS"), context.getProperty("scope.allowed.hosts"))),
                AccessSettings.list(pick(env.get("SCOPE_ALLOWED_ORIGINS"),
                        context.getProperty("scope.allowed.origins"))));
    }

    private String displayHost() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    private void init(Path homeDir, String hostName, int portNumber) {
        this.home = homeDir;
        this.host = hostName;
        this.port = portNumber;
        this.loopbackOnly = Loopback.isLoopbackOnly(hostName);
        this.access = new AccessSettings(null, java.util.List.of(), java.util.List.of());
        try {
            for (String d : SUBDIRECTORIES) {
                Files.createDirectories(home.resolve(d));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Scope home directory " + home, e);
        }
    }

    /** A built Scope frontend to serve at {@code /}: a directory holding {@code index.html}, or null when not set. */
    static Path uiDirectory(String value) {
        if (value == null) {
            return null;
        }
        Path dir = Paths.get(value.trim()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("index.html"))) {
            throw new IllegalStateException("SCOPE_UI_DIR / --ui-dir " + dir + " is not a built frontend: it has no "
                    + "index.html (build Scope's frontend with 'npm ci && npm run build' and name its dist folder)");
        }
        return dir;
    }

    /** The launcher's command-line arguments, or null when no launcher started this framework. */
    private static String[] launcherArguments(BundleContext context) {
        try {
            for (ServiceReference<?> ref : context.getServiceReferences((String) null, "(launcher.arguments=*)")) {
                Object v = ref.getProperty("launcher.arguments");
                if (v instanceof String[] a) {
                    return a;
                }
            }
        } catch (InvalidSyntaxException | NullPointerException e) {
            // no launcher service: embedded or test framework
        }
        return null;
    }

    static String flag(String[] args, String name) {
        return ScopeHome.flag(args, name);
    }

    private static String pick(String... values) {
        return ScopeHome.pick(values);
    }

    public Path home() {
        return home;
    }

    public Path models() {
        return home.resolve("models");
    }

    public Path plugins() {
        return home.resolve("plugins");
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** True when the listen address is a loopback address, or a name all of whose addresses are (decided by address). */
    public boolean isLoopbackOnly() {
        return loopbackOnly;
    }

    /**
     * The built Scope frontend served at {@code /} ({@code --ui-dir}, {@code SCOPE_UI_DIR}, {@code scope.ui.dir}),
     * with our own UI under {@code /studio/} then; null when not set (our UI at {@code /}).
     */
    public Path uiDir() {
        return uiDir;
    }

    /**
     * A setting of another part of the host, resolved by the same rule as these: the command-line flag, then the
     * environment variable, then the framework/system property; null when none is set. Since 1.2.
     */
    public String setting(String flag, String environmentVariable, String property) {
        return pick(flag(launcherArgs, flag), System.getenv(environmentVariable), properties.apply(property));
    }

    /** The host's role in a cluster ({@link ClusterSettings.Role#STANDALONE} unless configured). Since 1.2. */
    public ClusterSettings cluster() {
        return cluster;
    }

    /** The API token and the trusted hosts and origins. */
    public AccessSettings access() {
        return access;
    }
}
