package scope.runtime.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.LongPredicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.hooks.bundle.FindHook;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps plugins from taking over the platform, with the framework's own hooks:
 * <ul>
 * <li>a plugin whose symbolic name is a platform bundle's, or that exports a package the platform exports (a second
 * {@code scope.api}, say), is never resolved (resolver hook), so nothing can wire to it; it is uninstalled, its
 * file moved to {@code <home>/quarantine}, and it is listed as failed with the reason;</li>
 * <li>the folder watcher (FileInstall) does not see the platform bundles (find hook): it updates a bundle in place
 * when a dropped jar has the same name and version, and must never do that to the platform.</li>
 * </ul>
 */
final class PlatformGuard implements ResolverHookFactory, FindHook {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformGuard.class);
    private static final String WATCHER = "org.apache.felix.fileinstall";

    private final BundleContext context;
    private final LongPredicate isPlatform;
    private final Function<Bundle, Path> fileOf;
    private final Path quarantine;
    private final Map<String, FailedPluginInfo> refused = new ConcurrentHashMap<>();
    private final Set<Long> handled = ConcurrentHashMap.newKeySet();
    private final ExecutorService remover = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scope-plugin-quarantine");
        t.setDaemon(true);
        return t;
    });

    PlatformGuard(BundleContext context, LongPredicate isPlatform, Function<Bundle, Path> fileOf, Path quarantine) {
        this.context = context;
        this.isPlatform = isPlatform;
        this.fileOf = fileOf;
        this.quarantine = quarantine;
    }

    void close() {
        remover.shutdownNow();
    }

    /** Refused plugins, by file name (or symbolic name). */
    List<FailedPluginInfo> refused() {
        return new ArrayList<>(refused.values());
    }

    /** Why a jar may not be a plugin here, or null when it may. */
    String refusal(String symbolicName, Collection<String> exportedPackages) {
        for (Bundle b : context.getBundles()) {
            if (isPlatform.test(b.getBundleId()) && symbolicName.equals(b.getSymbolicName())) {
                return "'" + symbolicName + "' is the name of a platform bundle; a plugin cannot replace it";
            }
        }
        Set<String> platformPackages = platformPackages();
        for (String pkg : exportedPackages) {
            if (platformPackages.contains(pkg)) {
                return "it exports package " + pkg + ", which the platform provides; plugins export no platform "
                        + "package (others would wire to it)";
            }
        }
        return null;
    }

    private Set<String> platformPackages() {
        Set<String> out = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            BundleRevision rev = isPlatform.test(b.getBundleId()) ? b.adapt(BundleRevision.class) : null;
            if (rev != null) {
                for (BundleCapability c : rev.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                    out.add(String.valueOf(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)));
                }
            }
        }
        return out;
    }

    private String refusal(BundleRevision rev) {
        List<String> exports = new ArrayList<>();
        for (BundleCapability c : rev.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            exports.add(String.valueOf(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)));
        }
        return rev.getSymbolicName() == null ? null : refusal(rev.getSymbolicName(), exports);
    }

    // ---------------------------------------------------------------- resolver hook

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new ResolverHook() {
            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
                candidates.removeIf(rev -> {
                    Bundle b = rev.getBundle();
                    if (isPlatform.test(b.getBundleId())) {
                        return false;
                    }
                    String why = refusal(rev);
                    if (why != null) {
                        refuse(b, why);
                        return true;
                    }
                    return false;
                });
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> others) {
            }

            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
            }

            @Override
            public void end() {
            }
        };
    }

    /** Quarantines the bundle's file and uninstalls it, off the resolver's thread. */
    void refuse(Bundle b, String why) {
        if (!handled.add(b.getBundleId())) {
            return;
        }
        Path file = fileOf.apply(b);
        String key = file != null ? file.getFileName().toString() : b.getSymbolicName();
        refused.put(key, new FailedPluginInfo(b.getSymbolicName(), b.getVersion().toString(),
                file == null ? null : file.getFileName().toString(), "Refused", why));
        LOG.warn("Refused plugin {} {}: {}", b.getSymbolicName(), file == null ? "" : "(" + file + ")", why);
        remover.execute(() -> {
            quarantine(file);
            try {
                if (b.getState() != Bundle.UNINSTALLED) {
                    b.uninstall();
                }
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Cannot uninstall the refused plugin {}: {}", b.getSymbolicName(), e.toString());
            }
        });
    }

    /** Moves a refused file out of the plugins folder, keeping it for the user to inspect. */
    void quarantine(Path file) {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            Files.createDirectories(quarantine);
            Path target = quarantine.resolve(file.getFileName());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("Moved {} to {}", file.getFileName(), target);
        } catch (IOException e) {
            LOG.warn("Cannot move {} out of the plugins folder: {}", file, e.toString());
        }
    }

    void recordRefusedFile(String fileName, BundleJar jar, String why) {
        refused.put(fileName, new FailedPluginInfo(jar.symbolicName(), jar.version(), fileName, "Refused", why));
    }

    // ---------------------------------------------------------------- find hook

    @Override
    public void find(BundleContext asking, Collection<Bundle> bundles) {
        Bundle who = asking.getBundle();
        if (who != null && WATCHER.equals(who.getSymbolicName())) {
            bundles.removeIf(b -> b.getBundleId() != 0 && isPlatform.test(b.getBundleId()));
        }
    }
}
