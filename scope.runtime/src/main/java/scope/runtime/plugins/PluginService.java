package scope.runtime.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.runtime.manager.LoadedPipeline;
import scope.runtime.manager.PipelineManager;
import scope.runtime.registry.FailedPlugin;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.registry.PluginOrigin;
import scope.runtime.registry.RegisteredPipeline;
import scope.runtime.settings.ScopeSettings;

/**
 * Plugin bundles as the user manages them. The plugins folder stays the single source of truth: installing writes
 * a file there, removing deletes it, and FileInstall does the installing, updating and uninstalling - so the
 * API, the UI and a user with a file manager all end in the same state. Only {@link #reload} touches a bundle
 * directly (update from its file, then a refresh scoped to that one bundle).
 *
 * <p>Safety of uploads: the body is streamed to a temporary file outside the plugins folder with a size limit,
 * checked ({@link BundleJar}) and only then moved into the folder atomically under a name derived from its
 * validated symbolic name, so FileInstall never sees a partial or invalid file and no client-chosen path is used.
 * A bundle that is part of the platform (anything not installed from the plugins folder) cannot be replaced,
 * removed or reloaded.
 */
@Component(service = PluginService.class, immediate = true, configurationPid = PluginService.PID)
@Designate(ocd = PluginService.Config.class)
public class PluginService {
    public static final String PID = "scope.plugins";
    private static final Logger LOG = LoggerFactory.getLogger(PluginService.class);
    private static final String UPLOADS_FILE = "uploaded-plugins.properties";

    @ObjectClassDefinition(name = "Scope plugins",
            description = "Installing, updating and removing plugin bundles (plugins folder, API, browser UI)")
    public @interface Config {
        @AttributeDefinition(name = "Upload limit (MB)", description = "Largest plugin jar accepted by the API")
        int upload_max_mb() default 64;

        @AttributeDefinition(name = "Operation timeout (s)",
                description = "How long install, removal and reload wait for the bundle to reach its new state")
        int operation_timeout_s() default 20;

        @AttributeDefinition(name = "Replacement grace (ms)", description = "How long the loaded instances of a "
                + "plugin that stopped keep serving while waiting for its updated revision (make-before-break); "
                + "0 unloads them at once")
        long replacement_grace_ms() default 10_000;
    }

    private final BundleContext context;
    private final PipelineRegistry registry;
    private final PipelineManager manager;
    private final Path home;
    private final Path folder;
    private final Set<Long> platformIds = new HashSet<>();
    /** Resolution failures found by {@link #diagnose}, per bundle id and revision time. */
    private final Map<Long, FailedPluginInfo> unresolved = new ConcurrentHashMap<>();
    private final Map<Long, Long> unresolvedAt = new ConcurrentHashMap<>();
    private volatile long uploadLimit;
    private volatile long timeoutMillis;
    private final JarMetadata metadata = new JarMetadata();
    private final PlatformGuard guard;
    private final List<org.osgi.framework.ServiceRegistration<?>> hooks = new ArrayList<>();
    private final java.util.concurrent.ScheduledExecutorService screening =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "scope-plugin-screening");
                t.setDaemon(true);
                return t;
            });

    @Activate
    public PluginService(BundleContext context, @Reference PipelineRegistry registry,
            @Reference PipelineManager manager, @Reference ScopeSettings settings, Config config) {
        this.context = context;
        this.registry = registry;
        this.manager = manager;
        this.home = settings.home().toAbsolutePath().normalize();
        this.folder = realOrNormal(settings.plugins());
        for (Bundle b : context.getBundles()) {
            if (fileOf(b) == null) {
                platformIds.add(b.getBundleId()); // installed with the distribution (or before we started)
            }
        }
        configure(config);
        context.addBundleListener(startLevelKeeper);
        guard = new PlatformGuard(context, platformIds::contains, this::fileOf, home.resolve("quarantine"));
        hooks.add(context.registerService(org.osgi.framework.hooks.resolver.ResolverHookFactory.class, guard, null));
        hooks.add(context.registerService(org.osgi.framework.hooks.bundle.FindHook.class, guard, null));
        // files that never become bundles (same name and version as a platform bundle) are screened here
        screening.scheduleWithFixedDelay(this::screenFolder, 0, 1, TimeUnit.SECONDS);
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        context.removeBundleListener(startLevelKeeper);
        screening.shutdownNow();
        for (var r : hooks) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        guard.close();
    }

    /** Quarantines folder jars that would take a platform bundle's name or packages, before the watcher tries. */
    private void screenFolder() {
        try {
            for (Path file : folderJars()) {
                if (bundleAt(file) != null) {
                    continue;
                }
                BundleJar jar;
                try {
                    jar = metadata.read(file);
                } catch (PluginException | IOException e) {
                    continue; // not a bundle: listed as invalid, left for the user
                }
                String why = guard.refusal(jar.symbolicName(), jar.exportedPackages());
                if (why != null) {
                    LOG.warn("Refused plugin file {}: {}", file.getFileName(), why);
                    guard.recordRefusedFile(file.getFileName().toString(), jar, why);
                    guard.quarantine(file);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Screening the plugins folder failed: {}", e.toString());
        }
    }

    /**
     * The launcher gives every bundle it sees installed or updated its default start level, one above the
     * framework's: FileInstall corrects that after an install but not after an update, so an updated plugin would
     * stay stopped. Synchronous, so the level is right before the framework restarts the updated bundle.
     */
    private final org.osgi.framework.SynchronousBundleListener startLevelKeeper = this::keepStartLevel;

    private void keepStartLevel(org.osgi.framework.BundleEvent e) {
        if (e.getType() != org.osgi.framework.BundleEvent.UPDATED
                && e.getType() != org.osgi.framework.BundleEvent.INSTALLED) {
            return;
        }
        Bundle b = e.getBundle();
        String wanted = context.getProperty("felix.fileinstall.start.level");
        if (wanted == null || fileOf(b) == null) {
            return;
        }
        try {
            int level = Integer.parseInt(wanted.trim());
            var bsl = b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class);
            if (level > 0 && bsl != null && bsl.getStartLevel() > level) {
                bsl.setStartLevel(level);
            }
        } catch (RuntimeException ex) {
            LOG.warn("Cannot set the start level of {}: {}", b.getSymbolicName(), ex.toString());
        }
    }

    @Modified
    void configure(Config config) {
        uploadLimit = Math.max(1, config.upload_max_mb()) * 1024L * 1024L;
        timeoutMillis = Math.max(1, config.operation_timeout_s()) * 1000L;
        manager.setReplacementGrace(config.replacement_grace_ms());
    }

    public long uploadLimitBytes() {
        return uploadLimit;
    }

    public Path folder() {
        return folder;
    }

    // ---------------------------------------------------------------- listing

    /** Every plugin: bundles with a hook, and every bundle installed from the folder or the console. */
    public List<PluginInfo> plugins() {
        Map<PluginOrigin, List<RegisteredPipeline>> registered = registry.plugins();
        Set<Long> listed = new LinkedHashSet<>();
        registered.keySet().forEach(o -> listed.add(o.bundleId()));
        for (Bundle b : context.getBundles()) {
            String source = sourceOf(b);
            if (!source.equals("platform") && b.getState() != Bundle.UNINSTALLED) {
                listed.add(b.getBundleId());
            }
        }
        List<PluginInfo> out = new ArrayList<>();
        for (long id : listed) {
            Bundle b = context.getBundle(id);
            if (b != null && b.getState() != Bundle.UNINSTALLED) {
                out.add(info(b));
            }
        }
        return out;
    }

    /** One plugin by bundle symbolic name. */
    public java.util.Optional<PluginInfo> plugin(String name) {
        return plugins().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private PluginInfo info(Bundle b) {
        List<RegisteredPipeline> pipelines = List.copyOf(registry.pipelinesOf(b.getBundleId()));
        List<String> loaded = manager.loadedInstances().stream()
                .filter(l -> l.registered().origin().bundleId() == b.getBundleId())
                .map(LoadedPipeline::pipelineId).distinct().toList();
        Path file = fileOf(b);
        Object desc = b.getHeaders().get("Bundle-Description");
        return new PluginInfo(b.getSymbolicName(), b.getVersion().toString(), desc == null ? "" : desc.toString(),
                sourceOf(b), stateName(b.getState()), b.getBundleId(),
                file == null ? null : file.getFileName().toString(), pipelines, loaded);
    }

    /** Failed plugins: hooks that threw, and plugin-folder files that are not bundles or do not resolve. */
    public List<FailedPluginInfo> failed() {
        List<FailedPluginInfo> out = new ArrayList<>();
        for (FailedPlugin f : registry.failedPlugins()) {
            Bundle b = context.getBundle(f.origin().bundleId());
            Path file = b == null ? null : fileOf(b);
            out.add(new FailedPluginInfo(f.origin().symbolicName(), f.origin().version(),
                    file == null ? null : file.getFileName().toString(), f.errorType(), f.errorMessage()));
        }
        for (Path file : folderJars()) {
            Bundle b = bundleAt(file);
            FailedPluginInfo problem = b == null ? diagnoseFile(file) : diagnose(b);
            if (problem != null) {
                out.add(problem);
            }
        }
        out.addAll(guard.refused());
        return out;
    }

    /** A folder file with no bundle: why FileInstall did not install it (null while it may still be on its way). */
    private FailedPluginInfo diagnoseFile(Path file) {
        String fileName = file.getFileName().toString();
        try {
            if (System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis() < 3_000) {
                return null; // FileInstall polls; give it a moment before calling this a failure
            }
            BundleJar jar = metadata.read(file);
            for (Bundle other : context.getBundles()) {
                if (jar.symbolicName().equals(other.getSymbolicName())) {
                    return new FailedPluginInfo(jar.symbolicName(), jar.version(), fileName, "DuplicateBundle",
                            "a bundle named " + jar.symbolicName() + " is already installed (" + sourceOf(other)
                                    + ", version " + other.getVersion() + ")");
                }
            }
            return new FailedPluginInfo(jar.symbolicName(), jar.version(), fileName, "NotInstalled",
                    "the plugins folder watcher did not install it; see the log");
        } catch (PluginException e) {
            return new FailedPluginInfo(fileName, null, fileName, "InvalidBundle", e.getMessage());
        } catch (IOException e) {
            return null; // gone meanwhile
        }
    }

    /**
     * A folder bundle that is installed but not resolved: asks the framework why by trying a transient start (what
     * FileInstall wants anyway). Cached per bundle revision, so listing does not retry on every request.
     */
    private FailedPluginInfo diagnose(Bundle b) {
        if (b.getState() != Bundle.INSTALLED) {
            unresolved.remove(b.getBundleId());
            return null;
        }
        if (System.currentTimeMillis() - b.getLastModified() < 3_000) {
            return null; // just installed or updated: the watcher is about to start it; do not race it
        }
        Long at = unresolvedAt.get(b.getBundleId());
        if (at != null && at == b.getLastModified()) {
            return unresolved.get(b.getBundleId());
        }
        Path file = fileOf(b);
        FailedPluginInfo info = null;
        try {
            b.start(Bundle.START_TRANSIENT);
        } catch (BundleException | IllegalStateException e) {
            info = new FailedPluginInfo(b.getSymbolicName(), b.getVersion().toString(),
                    file == null ? null : file.getFileName().toString(), "ResolutionError", e.getMessage());
        }
        unresolvedAt.put(b.getBundleId(), b.getLastModified());
        if (info != null) {
            unresolved.put(b.getBundleId(), info);
        } else {
            unresolved.remove(b.getBundleId());
        }
        return info;
    }

    // ---------------------------------------------------------------- install

    /**
     * Installs (or, for a symbolic name already installed from the folder, updates) the bundle in {@code body}:
     * streamed to a temporary file with the size limit, validated, moved into the plugins folder atomically, then
     * waited for (bounded). A bundle that does not resolve is taken out again (the previous file restored) and
     * reported as UNRESOLVED.
     */
    public PluginResults.Installed install(InputStream body) throws PluginException, IOException {
        Path staged = Files.createTempFile(home, ".plugin-upload-", ".part");
        Path backup = null;
        try {
            long size = copyLimited(body, staged);
            BundleJar jar = BundleJar.read(staged, size);
            String refusal = guard.refusal(jar.symbolicName(), jar.exportedPackages());
            if (refusal != null) {
                throw new PluginException(PluginException.Kind.PROTECTED, "plugin " + jar.symbolicName()
                        + " refused: " + refusal);
            }
            Bundle existing = null;
            for (Bundle b : context.getBundles()) {
                if (jar.symbolicName().equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                    if (fileOf(b) == null) {
                        throw new PluginException(PluginException.Kind.PROTECTED, "'" + jar.symbolicName()
                                + "' is a bundle of the platform (" + sourceOf(b) + "); it cannot be replaced by an "
                                + "upload");
                    }
                    existing = b;
                }
            }
            Path target = existing != null ? fileOf(existing) : folder.resolve(jar.symbolicName() + ".jar");
            if (existing == null && Files.exists(target)) {
                throw new PluginException(PluginException.Kind.CONFLICT, "the plugins folder already has a file "
                        + target.getFileName() + " that is not this plugin; remove it first");
            }
            // asked before anything is touched: an update that cannot resolve never replaces a working plugin
            List<String> missing = DryRunResolve.missing(jar, context.getBundle(0).adapt(FrameworkWiring.class),
                    existing);
            if (!missing.isEmpty()) {
                throw new PluginException(PluginException.Kind.UNRESOLVED, "plugin " + jar.symbolicName() + " "
                        + jar.version() + " cannot resolve here, nothing was changed; missing: "
                        + String.join(", ", missing));
            }
            long before = existing == null ? -1 : existing.getLastModified();
            if (existing != null) {
                backup = Files.createTempFile(home, ".plugin-backup-", ".part");
                Files.copy(target, backup, StandardCopyOption.REPLACE_EXISTING);
            }
            moveInto(staged, target);
            markUploaded(target);
            LOG.info("Plugin {} {} {} into {}", jar.symbolicName(), jar.version(),
                    existing == null ? "uploaded" : "uploaded as an update", target);
            Bundle installed = awaitInstalled(target, jar.symbolicName(), before);
            if (installed == null) {
                // never leave an unknown state behind: the previous file (or none) is put back
                rollback(target, backup);
                backup = null;
                throw new PluginException(PluginException.Kind.UNRESOLVED, "plugin " + jar.symbolicName()
                        + " was not installed within " + timeoutMillis / 1000 + " s and was taken out again"
                        + (existing != null ? "; the previous version is back" : ""));
            }
            FailedPluginInfo problem = diagnose(installed);
            if (problem != null) {
                rollback(target, backup);
                backup = null;
                throw new PluginException(PluginException.Kind.UNRESOLVED, "plugin " + jar.symbolicName()
                        + " does not resolve and was taken out again: " + problem.errorMessage());
            }
            awaitRegistered(installed);
            PluginInfo info = plugin(jar.symbolicName()).orElse(null);
            return new PluginResults.Installed(jar.symbolicName(), existing != null, "Successfully "
                    + (existing == null ? "installed " : "updated ") + jar.symbolicName() + " " + jar.version()
                    + "; no restart needed", info);
        } finally {
            Files.deleteIfExists(staged);
            if (backup != null) {
                Files.deleteIfExists(backup);
            }
        }
    }

    private long copyLimited(InputStream in, Path to) throws IOException, PluginException {
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(to)) {
            for (int n; (n = in.read(buf)) > 0;) {
                total += n;
                if (total > uploadLimit) {
                    throw new PluginException(PluginException.Kind.TOO_LARGE, "plugin upload larger than the limit of "
                            + uploadLimit / (1024 * 1024) + " MB");
                }
                out.write(buf, 0, n);
            }
        }
        if (total == 0) {
            throw new PluginException(PluginException.Kind.INVALID, "empty upload: send the bundle jar as the body");
        }
        return total;
    }

    private static void moveInto(Path staged, Path target) throws IOException {
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // another file system: copy next to the target under a name the watcher ignores, then rename there
            Path near = target.resolveSibling("." + target.getFileName() + ".part");
            Files.copy(staged, near, StandardCopyOption.REPLACE_EXISTING);
            Files.move(near, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void rollback(Path target, Path backup) throws IOException {
        if (backup != null) {
            moveInto(backup, target);
        } else {
            Files.deleteIfExists(target);
            forgetUploaded(target);
        }
    }

    /** Waits until the folder's watcher has installed (or updated) the bundle from {@code file} and tried it. */
    private Bundle awaitInstalled(Path file, String name, long lastModifiedBefore) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long seenInstalled = -1;
        while (System.nanoTime() < deadline) {
            Bundle b = bundleAt(file);
            if (b != null && name.equals(b.getSymbolicName()) && b.getLastModified() > lastModifiedBefore) {
                if (b.getState() == Bundle.ACTIVE) {
                    return b;
                }
                if (b.getState() == Bundle.INSTALLED) {
                    // the watcher starts it right after installing; still INSTALLED after a while = unresolved
                    if (seenInstalled < 0) {
                        seenInstalled = System.nanoTime();
                    } else if (System.nanoTime() - seenInstalled > TimeUnit.MILLISECONDS.toNanos(3_500)) {
                        return b;
                    }
                }
            }
            sleep(50);
        }
        return null;
    }

    /** Waits (bounded) until the registry has heard the bundle's hook, or the bundle turns out to have none. */
    private void awaitRegistered(Bundle b) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMillis, 2_000));
        while (System.nanoTime() < deadline) {
            long id = b.getBundleId();
            boolean known = registry.plugins().keySet().stream().anyMatch(o -> o.bundleId() == id)
                    || registry.failedPlugins().stream().anyMatch(f -> f.origin().bundleId() == id);
            if (known) {
                return;
            }
            sleep(25);
        }
    }

    // ---------------------------------------------------------------- remove

    /**
     * Removes a plugin by deleting its file from the plugins folder; the watcher uninstalls the bundle, whose
     * loaded instances are unloaded (streams using them stop with a message). Also removes a folder file that never
     * became a bundle, by its name.
     */
    public PluginResults.Removed remove(String name) throws PluginException, IOException {
        checkName(name);
        Bundle b = folderBundle(name);
        if (b == null) {
            for (Path file : folderJars()) {
                String f = file.getFileName().toString();
                FailedPluginInfo problem = bundleAt(file) == null ? diagnoseFile(file) : null;
                if (f.equals(name) || f.equals(name + ".jar") || problem != null && name.equals(problem.name())) {
                    Files.deleteIfExists(file);
                    forgetUploaded(file);
                    return new PluginResults.Removed(name, "Removed " + f + " from the plugins folder", List.of(),
                            List.of());
                }
            }
            throw new PluginException(PluginException.Kind.NOT_FOUND, "Plugin '" + name + "' not found");
        }
        Path file = fileOf(b);
        List<String> pipelines = registry.pipelinesOf(b.getBundleId()).stream().map(RegisteredPipeline::id).toList();
        List<String> unloaded = manager.loadedInstances().stream()
                .filter(l -> l.registered().origin().bundleId() == b.getBundleId())
                .map(LoadedPipeline::pipelineId).distinct().toList();
        Files.deleteIfExists(file);
        forgetUploaded(file);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (b.getState() != Bundle.UNINSTALLED && System.nanoTime() < deadline) {
            sleep(50);
        }
        String message = b.getState() == Bundle.UNINSTALLED ? "Successfully uninstalled " + name
                : "Removed " + file.getFileName() + "; the bundle is not uninstalled yet";
        LOG.info("Plugin {} removed (pipelines {}, unloaded {})", name, pipelines, unloaded);
        return new PluginResults.Removed(name, message, pipelines, unloaded);
    }

    // ---------------------------------------------------------------- reload

    /**
     * Updates a folder plugin from its file and refreshes that bundle only. Its loaded instances are replaced
     * make-before-break by the pipeline manager (new code, same load params); streams keep running.
     */
    public PluginResults.Reloaded reload(String name) throws PluginException {
        checkName(name);
        Bundle b = folderBundle(name);
        if (b == null) {
            throw new PluginException(PluginException.Kind.NOT_FOUND, "Plugin '" + name + "' not found");
        }
        long id = b.getBundleId();
        List<String> before = registry.pipelinesOf(id).stream().map(RegisteredPipeline::id).toList();
        try (InputStream in = Files.newInputStream(fileOf(b))) {
            // stopped first so the update does not restart it, and the refresh below restarts it only once
            boolean wasActive = b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING;
            b.stop(Bundle.STOP_TRANSIENT);
            b.update(in);
            refresh(b);
            if (wasActive) {
                b.start(Bundle.START_TRANSIENT);
            }
        } catch (BundleException | IOException | IllegalStateException e) {
            throw new PluginException(PluginException.Kind.UNRESOLVED, "reloading " + name + " failed: "
                    + e.getMessage());
        }
        awaitRegistered(b);
        List<String> after = registry.pipelinesOf(id).stream().map(RegisteredPipeline::id).toList();
        List<String> reloaded = before.stream().filter(after::contains).toList();
        List<String> added = after.stream().filter(p -> !before.contains(p)).toList();
        List<String> removed = before.stream().filter(p -> !after.contains(p)).toList();
        LOG.info("Plugin {} reloaded from its file: reloaded {}, added {}, removed {}", name, reloaded, added,
                removed);
        return new PluginResults.Reloaded(name, "Reloaded " + name + " " + b.getVersion(), reloaded, added, removed);
    }

    /** Refreshes exactly one bundle and waits for the framework to finish. */
    private void refresh(Bundle b) throws PluginException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED || e.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new PluginException(PluginException.Kind.UNRESOLVED, "the framework did not finish "
                        + "refreshing " + b.getSymbolicName() + " in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void checkName(String name) throws PluginException {
        if (name == null || !BundleJar.NAME.matcher(name).matches()) {
            throw new PluginException(PluginException.Kind.INVALID, "invalid plugin name: expected a bundle "
                    + "symbolic name (letters, digits, '.', '_', '-')");
        }
    }

    /** The bundle installed from the folder with this name; PROTECTED when the name belongs to the platform. */
    private Bundle folderBundle(String name) throws PluginException {
        Bundle found = null;
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                if (fileOf(b) == null) {
                    throw new PluginException(PluginException.Kind.PROTECTED, "'" + name + "' is not installed "
                            + "from the plugins folder (source: " + sourceOf(b) + "); only plugins from the "
                            + "plugins folder can be removed or reloaded here");
                }
                found = b;
            }
        }
        return found;
    }

    /** folder | upload | console | platform. */
    public String sourceOf(Bundle b) {
        Path file = fileOf(b);
        if (file != null) {
            return isUploaded(file) ? "upload" : "folder";
        }
        String loc = b.getLocation() == null ? "" : b.getLocation();
        if (loc.startsWith("inputstream:") || !platformIds.contains(b.getBundleId())) {
            return "console";
        }
        return "platform";
    }

    /** The bundle's file when it was installed from the plugins folder, else null. */
    Path fileOf(Bundle b) {
        String loc = b.getLocation();
        if (loc == null) {
            return null;
        }
        if (loc.startsWith("reference:")) {
            loc = loc.substring("reference:".length());
        }
        if (!loc.startsWith("file:")) {
            return null;
        }
        try {
            // FileInstall writes 'file:/x', Path.toUri() 'file:///x': compare paths, never strings
            Path p = Path.of(URI.create(loc)).toAbsolutePath().normalize();
            Path parent = p.getParent();
            if (parent != null && (parent.equals(folder) || realOrNormal(parent).equals(folder))) {
                return folder.resolve(p.getFileName());
            }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
        return null;
    }

    private Bundle bundleAt(Path file) {
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.UNINSTALLED && file.equals(fileOf(b))) {
                return b;
            }
        }
        return null;
    }

    private List<Path> folderJars() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the plugins folder {}: {}", folder, e.toString());
        }
        out.sort(null);
        return out;
    }

    private static Path realOrNormal(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> Integer.toString(state).toLowerCase(Locale.ROOT);
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    // Uploaded files are remembered with their modification time, so a later hand-dropped file of the same name
    // counts as 'folder' again.
    private synchronized boolean isUploaded(Path file) {
        try {
            String v = uploads().getProperty(file.getFileName().toString());
            return v != null && Files.exists(file) && v.equals(Long.toString(Files.getLastModifiedTime(file)
                    .toMillis()));
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void markUploaded(Path file) throws IOException {
        Properties p = uploads();
        p.setProperty(file.getFileName().toString(), Long.toString(Files.getLastModifiedTime(file).toMillis()));
        storeUploads(p);
    }

    private synchronized void forgetUploaded(Path file) throws IOException {
        Properties p = uploads();
        if (p.remove(file.getFileName().toString()) != null) {
            storeUploads(p);
        }
    }

    private Properties uploads() {
        Properties p = new Properties();
        Path f = home.resolve("conf").resolve(UPLOADS_FILE);
        if (Files.isRegularFile(f)) {
            try (InputStream in = Files.newInputStream(f)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    private void storeUploads(Properties p) throws IOException {
        Path dir = home.resolve("conf");
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".uploads-", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "plugin files installed through the API: file name = modification time");
        }
        Files.move(tmp, dir.resolve(UPLOADS_FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
