package scope.launcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Starts the bundles of the last start level from both ends: Felix's start-level thread goes through them in its
 * order (by bundle id), and a second thread, once that level is active, starts them from the other end with
 * transient starts (which Felix runs on the calling thread), until it reaches one the start-level thread has begun.
 *
 * <p>Bundle activation - SCR making each bundle's components - is single-threaded in Felix, and it is most of the
 * start: on a machine with two cores, the second one was mostly idle. The bundles of one start level have no order
 * among themselves that anything may rely on (OSGi gives none beyond the level; services come and go dynamically),
 * so starting them from two threads changes no contract. Every bundle is resolved before the start, so that neither
 * thread has to take Felix's resolver lock while the other holds a bundle's lock.
 *
 * <p>A bundle that fails to start on the second thread is left to the start-level thread, which tries it again
 * and reports the failure as it would have.
 */
final class ParallelStart implements SynchronousBundleListener {
    private final BundleContext context;
    private final List<Bundle> lastLevel;
    private final int level;
    private final AtomicBoolean begun = new AtomicBoolean();

    private ParallelStart(BundleContext context, List<Bundle> lastLevel, int level) {
        this.context = context;
        this.lastLevel = lastLevel;
        this.level = level;
    }

    /**
     * Resolves the framework's bundles and arms the second thread for the distribution's highest start level; call
     * before the framework starts.
     */
    static void arm(BundleContext context, Distribution distribution) {
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).resolveBundles(null);
        List<Bundle> bundles = new ArrayList<>();
        for (Distribution.Bundle d : distribution.bundles()) {
            Bundle b = context.getBundle(d.location());
            if (b != null) { // one uninstalled from the console before a restart of the framework
                bundles.add(b);
            }
        }
        int level = 0;
        for (Bundle b : bundles) {
            level = Math.max(level, startLevel(b));
        }
        List<Bundle> last = new ArrayList<>();
        for (Bundle b : bundles) {
            if (startLevel(b) == level && b.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                last.add(b);
            }
        }
        if (last.size() < 2) {
            return;
        }
        last.sort(Comparator.comparingLong(Bundle::getBundleId)); // the start-level thread's order
        context.addBundleListener(new ParallelStart(context, last, level));
    }

    private static int startLevel(Bundle b) {
        return b.adapt(BundleStartLevel.class).getStartLevel();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        // the first activation of the last level: the framework's active start level is that level now
        if (event.getType() == BundleEvent.STARTING && startLevel(event.getBundle()) == level
                && begun.compareAndSet(false, true)) {
            context.removeBundleListener(this);
            Thread t = new Thread(this::startFromTheEnd, "scope-parallel-start");
            t.setDaemon(true);
            t.start();
        }
    }

    private void startFromTheEnd() {
        for (int i = lastLevel.size() - 1; i >= 0; i--) {
            Bundle b = lastLevel.get(i);
            if (b.getState() != Bundle.RESOLVED) {
                return; // the start-level thread has got here (or the bundle is not startable): the rest is its
            }
            try {
                b.start(Bundle.START_TRANSIENT | Bundle.START_ACTIVATION_POLICY);
            } catch (Exception e) {
                // left to the start-level thread, which starts it again and reports what goes wrong
            }
        }
    }
}
