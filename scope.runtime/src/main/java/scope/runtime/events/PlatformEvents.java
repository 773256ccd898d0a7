package scope.runtime.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import scope.runtime.manager.InstanceListener;
import scope.runtime.manager.PipelineManager;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.manager.LoadedPipeline;
import scope.runtime.registry.PluginOrigin;
import scope.runtime.registry.RegisteredPipeline;
import scope.runtime.registry.RegistryListener;

/**
 * The recent platform events the console page shows: plugins whose pipelines arrived or left (install, update,
 * uninstall) and instances the manager took away, newest first, at most {@value #CAPACITY}. Immediate and in the
 * runtime bundle, so it listens before any plugin arrives.
 */
@Component(service = PlatformEvents.class, immediate = true)
public final class PlatformEvents implements RegistryListener, InstanceListener {
    static final int CAPACITY = 100;

    /** One event: when, and what happened. */
    public record Event(Instant at, String text) {
    }

    private final Deque<Event> events = new ArrayDeque<>();
    private final PipelineRegistry registry;
    private final PipelineManager manager;

    @Activate
    public PlatformEvents(@Reference PipelineRegistry registry, @Reference PipelineManager manager) {
        this.registry = registry;
        this.manager = manager;
        registry.addListener(this);
        manager.addInstanceListener(this);
    }

    @Deactivate
    void deactivate() {
        registry.removeListener(this);
        manager.removeInstanceListener(this);
    }

    @Override
    public void pipelinesAdded(PluginOrigin origin, List<RegisteredPipeline> pipelines) {
        add("plugin " + origin.symbolicName() + " " + origin.version() + " registered "
                + pipelines.stream().map(RegisteredPipeline::id).toList());
    }

    @Override
    public void pipelinesRemoved(PluginOrigin origin, List<RegisteredPipeline> pipelines) {
        add("plugin " + origin.symbolicName() + " " + origin.version() + " went away; unregistered "
                + pipelines.stream().map(RegisteredPipeline::id).toList());
    }

    @Override
    public void instanceRemoved(LoadedPipeline instance, String reason) {
        add("instance " + instance.instanceId() + " of " + instance.pipelineId() + " (node " + instance.nodeId()
                + ") removed: " + reason);
    }

    public synchronized void add(String text) {
        events.addFirst(new Event(Instant.now(), text));
        while (events.size() > CAPACITY) {
            events.removeLast();
        }
    }

    /** Newest first. */
    public synchronized List<Event> recent() {
        return List.copyOf(events);
    }
}
