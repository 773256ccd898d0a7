package scope.runtime.plugins;

import java.util.List;

/** Results of plugin operations. */
public final class PluginResults {
    private PluginResults() {
    }

    /** @param plugin the plugin as installed, or null when it was not installed within the timeout */
    public record Installed(String name, boolean replaced, String message, PluginInfo plugin) {
    }

    /** @param unloadedPipelines pipelines whose loaded instances were unloaded */
    public record Removed(String name, String message, List<String> removedPipelines, List<String> unloadedPipelines) {
    }

    public record Reloaded(String name, String message, List<String> reloaded, List<String> added,
            List<String> removed) {
    }
}
