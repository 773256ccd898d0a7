package scope.runtime.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.LoadContext;
import scope.api.Pipeline;
import scope.runtime.gpu.Availability;
import scope.runtime.gpu.HardwareService;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.registry.PluginOrigin;
import scope.runtime.registry.RegisteredPipeline;
import scope.runtime.registry.RegistryListener;
import scope.runtime.settings.ScopeSettings;
import scope.runtime.schema.ValidationException;

/**
 * Owns the loaded pipeline instances, keyed by node id, with Scope's semantics (spec section 3) and the reuse rule
 * made right.
 *
 * <ul>
 * <li><b>Load request</b> ({@link #load}): validated synchronously - an unknown pipeline, a pipeline filtered by
 * VRAM or invalid load params reject the whole request and change nothing. Then, still before returning, each entry
 * is matched: a slot that is loaded or loading with the same pipeline (same registration) and equal
 * <em>canonical</em> load params is kept, under its key or re-keyed from another key; anything else gets a fresh
 * slot marked {@code loading} with a new {@code instance_id}. Slots neither requested nor claimed are evicted.
 * So a status poll right after the request never sees the previous set as loaded.</li>
 * <li><b>Loading</b> runs on one background thread, in request order: evicted and replaced instances are closed
 * first (freeing memory before the next allocation), then each fresh slot's factory runs. Success marks it
 * {@code loaded}; failure marks it {@code error} with the message, which stays visible until the next request.
 * A slot superseded while it loaded has its new instance closed at once.</li>
 * <li><b>Plugin goes away</b>: only instances created from that plugin's registrations are removed and closed;
 * {@link InstanceListener}s hear about each, so the streams using them can stop with a message.</li>
 * <li><b>Deactivation</b> closes every instance.</li>
 * </ul>
 */
@Component(service = PipelineManager.class, immediate = true)
public class PipelineManager implements RegistryListener {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineManager.class);

    private final PipelineRegistry registry;
    private final HardwareService hardware;
    private final Path modelsDirectory;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final List<InstanceListener> listeners = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.ThreadPoolExecutor loader = daemonExecutor("scope-pipeline-loader");
    /** Ends orphaned instances whose plugin did not come back within the grace period. */
    private final java.util.concurrent.ScheduledThreadPoolExecutor timer =
            new java.util.concurrent.ScheduledThreadPoolExecutor(1, daemonThreads("scope-pipeline-replacement"));
    /** How long an instance whose plugin went away keeps serving, waiting for the plugin's new revision. */
    private volatile long replacementGraceMillis = Long.getLong("scope.plugins.replacementGraceMs", 10_000L);
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private JsonNode lastLoadParams = JsonNodeFactory.instance.nullNode();

    @Activate
    public PipelineManager(@Reference PipelineRegistry registry, @Reference HardwareService hardware,
            @Reference ScopeSettings settings) {
        this.registry = registry;
        this.hardware = hardware;
        this.modelsDirectory = settings.models();
        // threads are made now, not lazily inside some caller: a thread inherits its creator's context class
        // loader (and, on Java 17, its access control context), which could pin a plugin's class loader
        loader.prestartAllCoreThreads();
        timer.prestartAllCoreThreads();
        registry.addListener(this);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setContextClassLoader(PipelineManager.class.getClassLoader());
            return t;
        };
    }

    private static java.util.concurrent.ThreadPoolExecutor daemonExecutor(String name) {
        return new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), daemonThreads(name));
    }

    /**
     * How long a loaded instance whose plugin bundle stopped keeps serving while the manager waits for the bundle's
     * new revision (an update); 0 unloads at once. An uninstalled bundle's instances are unloaded at once anyway.
     */
    public void setReplacementGrace(long millis) {
        replacementGraceMillis = Math.max(0, millis);
    }

    @Deactivate
    public void deactivate() {
        registry.removeListener(this);
        List<Slot> all;
        synchronized (this) {
            all = new ArrayList<>(slots.values());
            slots.clear();
        }
        if (!all.isEmpty()) {
            LOG.info("Closing {} pipeline instance(s)", all.size());
        }
        all.forEach(s -> loader.execute(() -> closeQuietly(s)));
        timer.shutdownNow();
        loader.shutdown();
        try {
            if (!loader.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Pipeline loader did not finish within 30 s at shutdown");
                loader.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Schedules a load of the given entries (spec 1.3) and returns once every entry that needs loading is marked
     * {@code loading}.
     *
     * @return warnings: the load params each pipeline ignored (keys it does not know), once per entry
     */
    public List<String> load(List<LoadEntry> entries)
            throws ValidationException, UnknownPipelineException, PipelineUnavailableException {
        if (entries.isEmpty()) {
            throw new ValidationException("pipelines", "at least one pipeline is required");
        }
        List<Planned> planned = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> nodeIds = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            LoadEntry e = entries.get(i);
            if (e.nodeId() == null || e.nodeId().isBlank()) {
                throw new ValidationException("pipelines[" + i + "].node_id", "must be a non-empty string");
            }
            if (!nodeIds.add(e.nodeId())) {
                throw new ValidationException("pipelines[" + i + "].node_id", "duplicate node id '" + e.nodeId() + "'");
            }
            RegisteredPipeline p = registry.pipeline(e.pipelineId())
                    .orElseThrow(() -> new UnknownPipelineException(e.pipelineId()));
            Availability a = hardware.availability(p.descriptor().estimatedVramGb());
            if (!a.available()) {
                throw new PipelineUnavailableException(p.id(), a.reason());
            }
            Map<String, Object> validated;
            List<String> ignored = new ArrayList<>();
            try {
                validated = CanonicalLoadParams.validate(p, e.loadParams(), ignored);
            } catch (ValidationException ve) {
                throw ve.prefixed("pipelines[" + i + "].load_params");
            }
            if (!ignored.isEmpty()) {
                String w = "pipelines[" + i + "].load_params: " + p.id() + " ignores " + String.join(", ", ignored)
                        + " (not load parameters of this pipeline)";
                warnings.add(w);
                LOG.info("Load of {}: {}", e.nodeId(), w);
            }
            planned.add(new Planned(e.nodeId(), p, validated, CanonicalLoadParams.of(p, validated)));
        }
        List<Slot> toClose = new ArrayList<>();
        List<Slot> toLoad = new ArrayList<>();
        synchronized (this) {
            lastLoadParams = entries.get(0).loadParams() == null ? JsonNodeFactory.instance.objectNode()
                    : entries.get(0).loadParams();
            Set<Slot> claimed = new HashSet<>();
            Map<String, Slot> next = new LinkedHashMap<>();
            for (Planned p : planned) {
                Slot reuse = match(p, slots.get(p.nodeId), claimed) ? slots.get(p.nodeId) : null;
                if (reuse == null) {
                    for (Map.Entry<String, Slot> other : slots.entrySet()) {
                        boolean wantedElsewhere = nodeIds.contains(other.getKey()) && !other.getKey().equals(p.nodeId);
                        if (!wantedElsewhere && match(p, other.getValue(), claimed)) {
                            reuse = other.getValue();
                            break;
                        }
                    }
                }
                if (reuse != null) {
                    claimed.add(reuse);
                    if (!reuse.nodeId.equals(p.nodeId)) {
                        LOG.info("Reusing instance {} of {} under node id {} (was {})", reuse.instanceId,
                                p.pipeline().id(), p.nodeId(), reuse.nodeId);
                        reuse.nodeId = p.nodeId();
                    } else {
                        LOG.info("Reusing instance {} of {} (same effective load params)", reuse.instanceId,
                                p.pipeline().id());
                    }
                    next.put(p.nodeId(), reuse);
                } else {
                    Slot fresh = new Slot(p);
                    next.put(p.nodeId(), fresh);
                    toLoad.add(fresh);
                }
            }
            for (Slot s : slots.values()) {
                if (!claimed.contains(s)) {
                    toClose.add(s);
                    if (s.replacing != null && s.replacing.instance != null) {
                        toClose.add(s.replacing); // still serving while its replacement loaded
                    }
                }
            }
            slots.clear();
            slots.putAll(next);
        }
        for (Slot s : toClose) {
            LOG.info("Unloading {} ({}) instance {}", s.nodeId, s.registered.id(), s.instanceId);
            notifyRemoved(s, "the pipeline was unloaded by a new load request");
        }
        loader.execute(() -> {
            toClose.forEach(this::closeQuietly);
            toLoad.forEach(this::runLoad);
        });
        return warnings;
    }

    /**
     * The canonical effective load parameters a load of {@code pipelineId} with {@code loadParams} would have - what
     * reuse compares - without loading anything; for placing a load elsewhere (a cluster's gateway) by the same rule.
     * Since 1.1.
     */
    public Map<String, Object> canonicalLoadParams(String pipelineId, JsonNode loadParams)
            throws ValidationException, UnknownPipelineException {
        RegisteredPipeline p = registry.pipeline(pipelineId).orElseThrow(() -> new UnknownPipelineException(pipelineId));
        return CanonicalLoadParams.of(p, CanonicalLoadParams.validate(p, loadParams));
    }

    private static boolean match(Planned p, Slot s, Set<Slot> claimed) {
        return s != null && !claimed.contains(s) && s.registered == p.pipeline()
                && (s.status == InstanceStatus.LOADED || s.status == InstanceStatus.LOADING)
                && s.canonical.equals(p.canonical());
    }

    private void runLoad(Slot slot) {
        synchronized (this) {
            if (slots.get(slot.nodeId) != slot) {
                return; // superseded before it started
            }
            slot.stage = "Initializing pipeline...";
        }
        long start = System.nanoTime();
        LOG.info("Loading {} ({}) with {}", slot.nodeId, slot.registered.id(), slot.canonical);
        Pipeline instance = null;
        String error = null;
        try {
            instance = slot.registered.descriptor().factory().load(new Context(slot));
            if (instance == null) {
                error = "the pipeline factory returned no instance";
            }
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            error = e.getMessage() != null ? e.getMessage() : e.toString();
            LOG.error("Loading {} ({}) failed: {}", slot.nodeId, slot.registered.id(), error, e);
        }
        boolean keep;
        synchronized (this) {
            keep = slots.get(slot.nodeId) == slot;
            slot.stage = null;
            if (keep && error == null) {
                slot.instance = instance;
                slot.loadedAt = Instant.now();
                slot.status = InstanceStatus.LOADED;
            } else if (keep) {
                slot.error = error;
                slot.status = InstanceStatus.ERROR;
            }
        }
        if (!keep && instance != null) {
            closeQuietly(instance, slot);
        } else if (error == null) {
            LOG.info("Loaded {} ({}) as instance {} in {} ms", slot.nodeId, slot.registered.id(), slot.instanceId,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void closeQuietly(Slot s) {
        Pipeline p;
        synchronized (this) {
            p = s.instance;
            s.instance = null;
            s.status = InstanceStatus.NOT_LOADED;
        }
        if (p != null) {
            closeQuietly(p, s);
        }
    }

    private static void closeQuietly(Pipeline p, Slot s) {
        try {
            p.close();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Closing {} instance {} failed: {}", s.registered.id(), s.instanceId, e.toString());
        }
    }

    /** The aggregated status plus one entry per slot. */
    public synchronized ManagerStatus status() {
        List<InstanceView> views = new ArrayList<>();
        boolean loading = false;
        boolean error = false;
        boolean allLoaded = !slots.isEmpty();
        String firstError = null;
        String stage = null;
        boolean producesAudio = false;
        boolean producesVideo = true;
        for (Slot s : slots.values()) {
            views.add(s.view());
            loading |= s.status == InstanceStatus.LOADING;
            if (s.status == InstanceStatus.LOADING && stage == null) {
                stage = s.stage != null ? s.stage : "Waiting to load...";
            }
            if (s.status == InstanceStatus.ERROR) {
                error = true;
                if (firstError == null) {
                    firstError = s.nodeId + ": " + s.error;
                }
            }
            allLoaded &= s.status == InstanceStatus.LOADED;
            producesAudio |= s.registered.descriptor().producesAudio();
            producesVideo = s.registered.descriptor().producesVideo();
        }
        InstanceStatus overall = loading ? InstanceStatus.LOADING : error ? InstanceStatus.ERROR
                : allLoaded ? InstanceStatus.LOADED : InstanceStatus.NOT_LOADED;
        String first = slots.isEmpty() ? null : slots.keySet().iterator().next();
        return new ManagerStatus(overall, first, lastLoadParams, firstError, stage, producesVideo, producesAudio,
                views);
    }

    /** The loaded instance under a node id, if it is loaded. */
    public synchronized Optional<LoadedPipeline> loaded(String nodeId) {
        Slot s = slots.get(nodeId);
        if (s == null || s.status != InstanceStatus.LOADED || s.instance == null) {
            return Optional.empty();
        }
        return Optional.of(s.handle());
    }

    /** Every loaded instance. */
    public synchronized List<LoadedPipeline> loadedInstances() {
        List<LoadedPipeline> out = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.status == InstanceStatus.LOADED && s.instance != null) {
                out.add(s.handle());
            }
        }
        return out;
    }

    public void addInstanceListener(InstanceListener l) {
        listeners.add(l);
    }

    public void removeInstanceListener(InstanceListener l) {
        listeners.remove(l);
    }

    /**
     * A plugin (re)registered. Instances orphaned by an earlier revision of the same bundle symbolic name are
     * replaced make-before-break: the new code's instance is loaded with the same load params while the old one
     * keeps serving, then streams switch to it at a batch boundary, then the old one is closed.
     */
    @Override
    public void pipelinesAdded(PluginOrigin origin, List<RegisteredPipeline> pipelines) {
        List<Slot[]> replacements = new ArrayList<>(); // {orphan, fresh}
        synchronized (this) {
            for (Slot s : slots.values()) {
                if (s.orphanedFrom == null || !s.orphanedFrom.symbolicName().equals(origin.symbolicName())) {
                    continue;
                }
                for (RegisteredPipeline p : pipelines) {
                    if (p.id().equals(s.registered.id())) {
                        s.orphanedFrom = null; // claimed: the grace timer leaves it alone
                        replacements.add(new Slot[] {s, freshFor(s, p)});
                    }
                }
            }
            for (Slot[] r : replacements) {
                if (r[1] != null) {
                    // in the map now, so a registration that goes away again before it loads puts the old back
                    r[1].replacing = r[0];
                    slots.put(r[0].nodeId, r[1]); // shows 'loading' while the old one keeps serving
                }
            }
        }
        for (Slot[] r : replacements) {
            loader.execute(() -> replace(r[0], r[1]));
        }
    }

    private Slot freshFor(Slot old, RegisteredPipeline p) {
        Map<String, Object> validated;
        try {
            validated = CanonicalLoadParams.validate(p, MAPPER.valueToTree(old.validated));
        } catch (ValidationException | RuntimeException e) {
            return null; // the new revision does not accept the old load params: no replacement
        }
        return new Slot(new Planned(old.nodeId, p, validated, CanonicalLoadParams.of(p, validated)));
    }

    private void replace(Slot old, Slot fresh) {
        String why = "pipeline '" + old.registered.id() + "' was removed: plugin " + old.registered.origin()
                .symbolicName() + " was updated";
        if (fresh == null) {
            retire(old, why + " and its new revision does not accept the loaded parameters");
            return;
        }
        synchronized (this) {
            if (slots.get(fresh.nodeId) != fresh) {
                return; // its registration went away again (the old one waits again) or a load request took over
            }
        }
        LOG.info("Plugin {} updated: loading a replacement for instance {} of {} while it keeps serving",
                fresh.registered.origin().symbolicName(), old.instanceId, old.registered.id());
        runLoad(fresh);
        LoadedPipeline oldHandle;
        LoadedPipeline newHandle;
        Slot current;
        synchronized (this) {
            current = slots.get(fresh.nodeId);
            if (current == old) {
                return; // the plugin went away again while this loaded (update, then refresh): wait for it again
            }
            newHandle = current == fresh && fresh.status == InstanceStatus.LOADED ? fresh.handle() : null;
            oldHandle = old.instance == null ? null : old.handle();
            fresh.replacing = null; // settled: do not keep the old revision (and its class loader) reachable
        }
        if (newHandle == null && current != fresh) {
            return; // a load request took the node over; it unloaded the old instance too
        }
        if (newHandle == null) {
            notifyRemoved(old, why + " and its new revision failed to load: " + fresh.error);
        } else if (oldHandle != null) {
            for (InstanceListener l : listeners) {
                try {
                    l.instanceReplaced(oldHandle, newHandle);
                } catch (RuntimeException e) {
                    LOG.warn("Instance listener failed: {}", e.toString());
                }
            }
            LOG.info("Instance {} of {} replaced by {} (plugin {} {})", old.instanceId, old.registered.id(),
                    fresh.instanceId, fresh.registered.origin().symbolicName(), fresh.registered.origin().version());
        }
        closeQuietly(old);
    }

    /** Unloads an orphan now: streams using it stop with {@code reason}. */
    private void retire(Slot s, String reason) {
        synchronized (this) {
            slots.remove(s.nodeId, s);
            s.orphanedFrom = null;
        }
        LOG.info("Unloading {} ({}) instance {}: {}", s.nodeId, s.registered.id(), s.instanceId, reason);
        notifyRemoved(s, reason);
        loader.execute(() -> closeQuietly(s));
    }

    /** The bundle was uninstalled: its orphaned instances will not be replaced, so unload them now. */
    @Override
    public void pluginUninstalled(long bundleId) {
        expireOrphans(bundleId, "was removed", true);
    }

    private void expireOrphans(long bundleId, String what, boolean now) {
        List<Slot> expired = new ArrayList<>();
        long t = System.nanoTime();
        synchronized (this) {
            for (Slot s : slots.values()) {
                if (s.orphanedFrom != null && s.orphanedFrom.bundleId() == bundleId
                        && (now || t - s.orphanDeadline >= 0)) {
                    expired.add(s);
                }
            }
        }
        for (Slot s : expired) {
            retire(s, "pipeline '" + s.registered.id() + "' was removed: plugin " + s.registered.origin()
                    .symbolicName() + " " + s.registered.origin().version() + " " + what);
        }
    }

    /**
     * A plugin's hook went away (bundle stopping: stopped, updated or uninstalled - not yet known). Loaded instances
     * keep serving for the grace period, orphaned, so an update can replace them make-before-break; instances not
     * loaded yet are dropped at once.
     */
    @Override
    public void pipelinesRemoved(PluginOrigin origin, List<RegisteredPipeline> pipelines) {
        List<Slot> removed = new ArrayList<>();
        boolean orphaned = false;
        long grace = replacementGraceMillis;
        synchronized (this) {
            for (Map.Entry<String, Slot> e : slots.entrySet()) {
                Slot s = e.getValue();
                boolean restored = false;
                if (pipelines.contains(s.registered) && s.status == InstanceStatus.LOADING && s.replacing != null
                        && s.replacing.instance != null) {
                    // a replacement was loading from the revision that just went away: the old instance, still
                    // serving, goes back to waiting for the next revision
                    e.setValue(s.replacing);
                    s = s.replacing;
                    restored = true;
                }
                if (pipelines.contains(s.registered) || restored) {
                    if (grace > 0 && s.status == InstanceStatus.LOADED && s.instance != null) {
                        s.orphanedFrom = origin;
                        s.orphanDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(grace);
                        orphaned = true;
                    }
                }
            }
            slots.values().removeIf(s -> {
                if (pipelines.contains(s.registered) && s.orphanedFrom == null) {
                    removed.add(s);
                    return true;
                }
                return false;
            });
        }
        if (orphaned) {
            LOG.info("Plugin {} {} went away; its loaded instances keep serving for up to {} ms in case it is being "
                    + "updated", origin.symbolicName(), origin.version(), grace);
            timer.schedule(() -> expireOrphans(origin.bundleId(), "went away", false), grace + 50,
                    TimeUnit.MILLISECONDS);
        }
        for (Slot s : removed) {
            LOG.info("Unloading {} ({}) instance {}: plugin {} went away", s.nodeId, s.registered.id(),
                    s.instanceId, origin.symbolicName());
            notifyRemoved(s, "pipeline '" + s.registered.id() + "' was removed: plugin " + origin.symbolicName()
                    + " " + origin.version() + " went away");
            loader.execute(() -> closeQuietly(s));
        }
    }

    private void notifyRemoved(Slot s, String reason) {
        LoadedPipeline handle;
        synchronized (this) {
            if (s.instance == null) {
                return;
            }
            handle = s.handle();
        }
        for (InstanceListener l : listeners) {
            try {
                l.instanceRemoved(handle, reason);
            } catch (RuntimeException e) {
                LOG.warn("Instance listener failed: {}", e.toString());
            }
        }
    }

    private record Planned(String nodeId, RegisteredPipeline pipeline, Map<String, Object> validated,
            Map<String, Object> canonical) {
    }

    /** One instance slot. Fields are guarded by the manager's lock. */
    private static final class Slot {
        final RegisteredPipeline registered;
        final Map<String, Object> validated;
        final Map<String, Object> canonical;
        final String instanceId = UUID.randomUUID().toString();
        String nodeId;
        InstanceStatus status = InstanceStatus.LOADING;
        Pipeline instance;
        Instant loadedAt;
        String error;
        String stage;
        /** Set while the instance's plugin has gone away and the manager waits for its new revision. */
        PluginOrigin orphanedFrom;
        long orphanDeadline;
        /** For a replacement being loaded: the instance it replaces, still serving. */
        Slot replacing;

        Slot(Planned p) {
            this.registered = p.pipeline();
            this.validated = p.validated();
            this.canonical = p.canonical();
            this.nodeId = p.nodeId();
        }

        InstanceView view() {
            return new InstanceView(nodeId, registered.id(), status, canonical, instanceId, loadedAt, error, stage,
                    registered.origin().bundleId());
        }

        LoadedPipeline handle() {
            return new LoadedPipeline(nodeId, instanceId, registered, instance, canonical);
        }
    }

    /** What a factory sees while loading one slot. */
    private final class Context implements LoadContext {
        private final Slot slot;

        Context(Slot slot) {
            this.slot = slot;
        }

        @Override
        public String pipelineId() {
            return slot.registered.id();
        }

        @Override
        public <C> C config(Class<C> configClass) {
            Map<String, Object> values = new LinkedHashMap<>(slot.validated);
            values.keySet().retainAll(slot.registered.schema().fields().keySet());
            return configClass.cast(slot.registered.schema().bind(values));
        }

        @Override
        public Map<String, Object> loadParameters() {
            return slot.canonical;
        }

        @Override
        public Path modelsDirectory() {
            return modelsDirectory;
        }

        @Override
        public double vramGb() {
            return hardware.gpu().vramGb();
        }

        @Override
        public void stage(String text) {
            synchronized (PipelineManager.this) {
                slot.stage = text;
            }
        }
    }
}
