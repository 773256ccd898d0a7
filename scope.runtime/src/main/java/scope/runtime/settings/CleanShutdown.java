package scope.runtime.settings;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * Stops the framework when the JVM is asked to exit (Ctrl-C, SIGTERM), and waits for it, so that components
 * deactivate in order: streams end, loaded pipelines are closed, native resources are released. Removed again when
 * the runtime stops first (a refresh or a normal framework stop).
 */
final class CleanShutdown {
    private static final long WAIT_MS = 20_000;
    private final Thread hook;

    CleanShutdown(BundleContext context) {
        Framework framework = context.getBundle(0).adapt(Framework.class);
        hook = new Thread(() -> {
            try {
                framework.stop();
                framework.waitForStop(WAIT_MS);
            } catch (BundleException | InterruptedException | IllegalStateException e) {
                System.err.println("Scope: clean shutdown failed: " + e);
            }
        }, "scope-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void remove() {
        if (Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and stops the framework
        }
    }
}
