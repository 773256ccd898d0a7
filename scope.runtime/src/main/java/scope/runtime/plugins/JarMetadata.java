package scope.runtime.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each plugins-folder file says about itself, read once per file version (size and modification time): a
 * large jar that cannot install is otherwise re-read, and its entries re-inflated, on every listing.
 */
final class JarMetadata {
    private record Entry(long size, long modified, BundleJar jar, PluginException problem) {
    }

    private final Map<Path, Entry> cache = new ConcurrentHashMap<>();

    /** The file's bundle metadata; the (cached) INVALID exception when it is not a bundle. */
    BundleJar read(Path file) throws PluginException, IOException {
        long size = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        Entry e = cache.get(file);
        if (e == null || e.size != size || e.modified != modified) {
            BundleJar jar = null;
            PluginException problem = null;
            try {
                jar = BundleJar.read(file, size);
            } catch (PluginException ex) {
                problem = ex;
            }
            e = new Entry(size, modified, jar, problem);
            cache.put(file, e);
            if (cache.size() > 1000) {
                cache.keySet().removeIf(p -> !Files.exists(p));
            }
        }
        if (e.problem != null) {
            throw e.problem;
        }
        return e.jar;
    }
}
