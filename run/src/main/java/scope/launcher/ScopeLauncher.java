package scope.launcher;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import scope.runtime.settings.ScopeHome;

/**
 * The executable jar's main class: starts Felix with its storage under the Scope home, kept between starts.
 *
 * <p>The home is found by {@link ScopeHome}, the same rule the runtime applies later. When the storage holds this
 * very distribution (same digest) its bundles are used as they are; otherwise the storage is cleaned and the
 * distribution's bundles installed from the jar. Either way every distribution bundle gets its start level and is
 * marked started, and any other bundle is removed from a reused storage: FileInstall installs the plugins of
 * {@code <home>/plugins} when it starts, as it does into a fresh framework, and bundles installed through the web
 * console are gone after a restart, as before. What the kept storage saves is the distribution's install.
 *
 * <p>The command line is handed to the runtime as the service property {@code launcher.arguments}.
 * {@code -Dlaunch.trace=true} prints the time of each step.
 */
public final class ScopeLauncher {
    private static final String LAUNCHER_ARGUMENTS = "launcher.arguments";
    /** Held until the process ends: the storage's lock lives as long as this object's channel. */
    private static FrameworkStorage storage;
    private static long t0;
    private static boolean trace;

    private ScopeLauncher() {
    }

    public static void main(String[] args) {
        t0 = System.nanoTime();
        JdkWarmUp.start();
        try {
            Path jar = Path.of(ScopeLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Distribution distribution = Distribution.open(jar)) {
                Map<String, String> properties = distribution.properties();
                trace = launchFlag(distribution, "launch.trace", false);
                properties.forEach((k, v) -> {
                    // slf4j-simple reads its settings from system properties only
                    if (!k.startsWith("launch.") && System.getProperty(k) == null) {
                        System.setProperty(k, v);
                    }
                });
                Path home = ScopeHome.resolve(args, System.getenv(), System::getProperty);
                try {
                    storage = FrameworkStorage.lock(home);
                } catch (IllegalStateException e) {
                    System.err.println("Scope cannot start: " + e.getMessage());
                    System.exit(2);
                }
                trace("distribution read, home %s", home);
                Framework framework = prepare(distribution, args);
                int code = run(framework, distribution, args);
                System.exit(code);
            }
        } catch (Exception e) {
            System.err.println("Scope cannot start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** An initialised framework holding the distribution's bundles, ready to start. */
    private static Framework prepare(Distribution distribution, String[] args) throws Exception {
        boolean reuse = storage.holds(distribution.digest());
        if (reuse) {
            Framework framework = newFramework(distribution, false);
            if (holdsAll(framework.getBundleContext(), distribution)) {
                removeOthers(framework.getBundleContext());
                markStarted(framework.getBundleContext(), distribution);
                trace("storage reused");
                return framework;
            }
            // damaged storage (a bundle missing): start over
            framework.stop();
            framework.waitForStop(0);
        }
        storage.forget();
        Framework framework = newFramework(distribution, true);
        BundleContext context = framework.getBundleContext();
        for (Distribution.Bundle b : distribution.bundles()) {
            try (InputStream in = distribution.open(b)) {
                context.installBundle(b.location(), in);
            }
        }
        markStarted(context, distribution);
        storage.remember(distribution.digest());
        trace("%d bundles installed into a clean storage", distribution.bundles().size());
        return framework;
    }

    private static Framework newFramework(Distribution distribution, boolean clean) throws BundleException {
        Map<String, String> config = new HashMap<>();
        distribution.properties().forEach((k, v) -> {
            if (!k.startsWith("launch.")) {
                config.put(k, v);
            }
        });
        config.put(Constants.FRAMEWORK_STORAGE, storage.directory().toString());
        if (clean) {
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }
        String systemPackages = distribution.properties().get("launch.system.packages");
        if (systemPackages != null && !systemPackages.isBlank()) {
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackages);
        }
        // bundles installed later (plugins) get this level unless told otherwise, as with bnd's launcher
        String initialLevel = distribution.properties().get("launch.startlevel.default");
        if (initialLevel != null && !initialLevel.isBlank()) {
            config.put("felix.startlevel.bundle", initialLevel.trim());
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, ScopeLauncher.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("no OSGi framework in the jar"));
        Framework framework = factory.newFramework(config);
        framework.init();
        trace("framework initialised (%s storage)", clean ? "clean" : "kept");
        return framework;
    }

    private static boolean holdsAll(BundleContext context, Distribution distribution) {
        for (Distribution.Bundle b : distribution.bundles()) {
            if (context.getBundle(b.location()) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Everything but the distribution goes: plugins from the folder are installed again by FileInstall when it
     * starts (as into a fresh framework, so a jar removed or replaced while the server was down counts as such),
     * and bundles installed by other means (the web console) would not be in a fresh framework either.
     */
    private static void removeOthers(BundleContext context) throws BundleException {
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && !b.getLocation().startsWith(Distribution.LOCATION_PREFIX)) {
                b.uninstall();
            }
        }
    }

    private static void markStarted(BundleContext context, Distribution distribution) throws BundleException {
        for (Distribution.Bundle d : distribution.bundles()) {
            Bundle b = context.getBundle(d.location());
            if (d.startLevel() > 0) {
                b.adapt(BundleStartLevel.class).setStartLevel(d.startLevel());
            }
            if (b.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                // as bnd's launcher (launch.activation.eager=false): a lazy bundle would wait for its first class
                b.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
    }

    /** Starts the framework and waits for it to stop; a framework update (a restart from the console) starts it again. */
    private static int run(Framework framework, Distribution distribution, String[] args) throws Exception {
        while (true) {
            framework.init();
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(LAUNCHER_ARGUMENTS, args.clone());
            framework.getBundleContext().registerService(Object.class, new Object(), props);
            if (trace) {
                traceBundleStarts(framework.getBundleContext());
            }
            if (launchFlag(distribution, "launch.parallel", true)) {
                ParallelStart.arm(framework.getBundleContext(), distribution);
                trace("bundles resolved");
            }
            framework.start();
            trace("framework started");
            FrameworkEvent event = framework.waitForStop(0);
            if (event.getType() != FrameworkEvent.STOPPED_UPDATE) {
                return event.getType() == FrameworkEvent.ERROR ? 1 : 0;
            }
        }
    }

    /** With the trace on, the time each bundle's activation begins and ends, and when each start level is reached. */
    private static void traceBundleStarts(BundleContext context) {
        context.addBundleListener((SynchronousBundleListener) e -> {
            if (e.getType() == BundleEvent.STARTING || e.getType() == BundleEvent.STARTED) {
                trace("%s %s", e.getType() == BundleEvent.STARTING ? "starting" : "started ",
                        e.getBundle().getSymbolicName());
            } else if (e.getType() == BundleEvent.RESOLVED) {
                trace("resolved %s", e.getBundle().getSymbolicName());
            }
        });
        context.addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                trace("start level reached");
            }
        });
    }

    /** A {@code launch.*} switch: the system property, else the distribution's run property, else the default. */
    private static boolean launchFlag(Distribution distribution, String name, boolean fallback) {
        return Boolean.parseBoolean(System.getProperty(name,
                distribution.properties().getOrDefault(name, Boolean.toString(fallback))));
    }

    private static void trace(String format, Object... args) {
        if (trace) {
            System.err.printf("[launcher %6.0f ms] %s%n", (System.nanoTime() - t0) / 1e6, String.format(format, args));
        }
    }
}
