package scope.runtime.plugins;

import java.util.List;
import scope.runtime.registry.RegisteredPipeline;

/**
 * One plugin bundle.
 *
 * @param name        bundle symbolic name
 * @param source      {@code folder} (dropped into the plugins folder), {@code upload} (installed through the API),
 *                    {@code console} (installed through the web console) or {@code platform} (part of the
 *                    distribution; cannot be removed or reloaded here)
 * @param state       the bundle state in lower case: {@code installed}, {@code resolved}, {@code active}, ...
 * @param file        the file name in the plugins folder, or null
 * @param pipelines   the pipelines its hook registered
 * @param loaded      ids of its pipelines that have loaded instances now
 */
public record PluginInfo(String name, String version, String description, String source, String state,
        long bundleId, String file, List<RegisteredPipeline> pipelines, List<String> loaded) {
    public boolean removable() {
        return source.equals("folder") || source.equals("upload");
    }
}
