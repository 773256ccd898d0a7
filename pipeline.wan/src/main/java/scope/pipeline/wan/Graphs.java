package scope.pipeline.wan;

import java.nio.file.Path;

/**
 * Opens graphs from files. The one place that decides how sessions are created, so that a host-provided session
 * service can replace {@link OrtGraphs} without touching the generation code.
 */
@FunctionalInterface
public interface Graphs {
    Graph open(Path file) throws Exception;
}
