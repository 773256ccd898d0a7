package scope.runtime.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.PipelineDescriptor;
import scope.api.PipelinePlugin;
import scope.runtime.schema.ConfigSchema;

/**
 * The registry of pipelines: a whiteboard of {@link PipelinePlugin} hook services.
 *
 * <ul>
 * <li><b>Hook arrives</b> (a plugin bundle starts): the hook is called once with a registrar bound to the providing
 * bundle. Its descriptors are validated (id, metadata, config class -&gt; schema) and buffered; only when the hook
 * returns normally and every descriptor is valid are they all registered at once, and listeners are told.</li>
 * <li><b>Failure</b>: the hook throws, a descriptor is invalid, or an id is already registered by another bundle
 * (or twice by this one). The plugin is recorded as failed with the error type and message; none of its pipelines
 * are registered; every other plugin is unaffected.</li>
 * <li><b>Hook leaves</b> (bundle stopped, updated or uninstalled): its pipelines and any failure record are removed,
 * and listeners are told which pipelines went, so instances loaded from them can be unloaded.</li>
 * </ul>
 * The reference is dynamic, multiple and greedy, so the registry itself is never re-created when plugins come and
 * go; {@link #generation()} changes on every change so callers can invalidate caches.
 */
@Component(service = PipelineRegistry.class, immediate = true)
public class PipelineRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRegistry.class);

    private final Map<String, RegisteredPipeline> pipelines = new LinkedHashMap<>();
    private final Map<Long, List<RegisteredPipeline>> byBundle = new LinkedHashMap<>();
    private final Map<Long, FailedPlugin> failed = new LinkedHashMap<>();
    private final Map<Long, PluginOrigin> origins = new LinkedHashMap<>();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong generation = new AtomicLong();

    private BundleContext context;
    private final org.osgi.framework.BundleListener uninstalls = e -> {
        if (e.getType() == org.osgi.framework.BundleEvent.UNINSTALLED) {
            uninstalled(e.getBundle().getBundleId());
        }
    };

    @org.osgi.service.component.annotations.Activate
    void activate(BundleContext context) {
        this.context = context;
        context.addBundleListener(uninstalls);
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        context.removeBundleListener(uninstalls);
    }

    /** A bundle was uninstalled: listeners stop waiting for it to come back. */
    public void uninstalled(long bundleId) {
        listeners.forEach(l -> l.pluginUninstalled(bundleId));
    }

    @Reference(service = PipelinePlugin.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addPlugin(ServiceReference<PipelinePlugin> ref, PipelinePlugin plugin) {
        register(originOf(ref.getBundle()), plugin);
    }

    void removePlugin(ServiceReference<PipelinePlugin> ref) {
        unregister(ref.getBundle().getBundleId());
    }

    /** Calls a hook and registers what it registers; public so tests and embedders can drive it without OSGi. */
    public void register(PluginOrigin origin, PipelinePlugin plugin) {
        List<RegisteredPipeline> accepted = new ArrayList<>();
        try {
            plugin.registerPipelines(descriptor -> {
                ConfigSchema schema = DescriptorValidator.validate(descriptor);
                accepted.add(new RegisteredPipeline(descriptor, schema, origin));
            });
            synchronized (this) {
                checkIds(origin, accepted);
                for (RegisteredPipeline p : accepted) {
                    pipelines.put(p.id(), p);
                }
                byBundle.computeIfAbsent(origin.bundleId(), k -> new ArrayList<>()).addAll(accepted);
                origins.put(origin.bundleId(), origin);
                failed.remove(origin.bundleId());
                generation.incrementAndGet();
            }
        } catch (Exception | LinkageError e) {
            fail(origin, e);
            return;
        }
        LOG.info("Plugin {} {} registered pipelines {}", origin.symbolicName(), origin.version(),
                accepted.stream().map(RegisteredPipeline::id).toList());
        listeners.forEach(l -> l.pipelinesAdded(origin, List.copyOf(accepted)));
    }

    private void checkIds(PluginOrigin origin, List<RegisteredPipeline> accepted) {
        List<String> seen = new ArrayList<>();
        for (RegisteredPipeline p : accepted) {
            RegisteredPipeline existing = pipelines.get(p.id());
            if (existing != null && existing.origin().bundleId() != origin.bundleId()) {
                throw new IllegalStateException("pipeline id '" + p.id() + "' is already registered by "
                        + existing.origin().symbolicName() + " " + existing.origin().version());
            }
            if (seen.contains(p.id())) {
                throw new IllegalStateException("pipeline id '" + p.id() + "' registered twice");
            }
            seen.add(p.id());
        }
    }

    private void fail(PluginOrigin origin, Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        synchronized (this) {
            failed.put(origin.bundleId(), new FailedPlugin(origin, e.getClass().getSimpleName(), message));
            origins.put(origin.bundleId(), origin);
            generation.incrementAndGet();
        }
        LOG.error("Plugin {} {} failed to register: {}", origin.symbolicName(), origin.version(), message, e);
    }

    /** Forgets a bundle's pipelines and failure record. */
    public void unregister(long bundleId) {
        List<RegisteredPipeline> removed;
        PluginOrigin origin;
        synchronized (this) {
            removed = byBundle.remove(bundleId);
            failed.remove(bundleId);
            origin = origins.remove(bundleId);
            if (removed != null) {
                removed.forEach(p -> pipelines.remove(p.id(), p));
            }
            generation.incrementAndGet();
        }
        if (removed != null && origin != null) {
            LOG.info("Plugin {} {} went away; pipelines {} unregistered", origin.symbolicName(), origin.version(),
                    removed.stream().map(RegisteredPipeline::id).toList());
            List<RegisteredPipeline> gone = List.copyOf(removed);
            PluginOrigin o = origin;
            listeners.forEach(l -> l.pipelinesRemoved(o, gone));
        }
    }

    public synchronized List<RegisteredPipeline> pipelines() {
        return List.copyOf(pipelines.values());
    }

    public synchronized Optional<RegisteredPipeline> pipeline(String id) {
        return Optional.ofNullable(pipelines.get(id));
    }

    public synchronized List<FailedPlugin> failedPlugins() {
        return List.copyOf(failed.values());
    }

    /** Every plugin bundle that provided a hook and registered successfully, with its pipelines. */
    public synchronized Map<PluginOrigin, List<RegisteredPipeline>> plugins() {
        Map<PluginOrigin, List<RegisteredPipeline>> out = new LinkedHashMap<>();
        byBundle.forEach((id, list) -> out.put(origins.get(id), List.copyOf(list)));
        return out;
    }

    /** Changes whenever pipelines or failures change. */
    public long generation() {
        return generation.get();
    }

    public void addListener(RegistryListener l) {
        listeners.add(l);
    }

    public void removeListener(RegistryListener l) {
        listeners.remove(l);
    }

    static PluginOrigin originOf(Bundle b) {
        Object desc = b.getHeaders().get(Constants.BUNDLE_DESCRIPTION);
        return new PluginOrigin(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(),
                desc == null ? "" : desc.toString(), b.getLocation());
    }

    /** Pipelines of one bundle (empty if none). */
    public synchronized Collection<RegisteredPipeline> pipelinesOf(long bundleId) {
        return List.copyOf(byBundle.getOrDefault(bundleId, List.of()));
    }
}
