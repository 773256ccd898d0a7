package scope.runtime.plugins;

/**
 * A plugin that is not working: its hook failed, or its file in the plugins folder is not a valid bundle or does
 * not resolve.
 *
 * @param name      bundle symbolic name, or the file name when the file has none
 * @param version   bundle version, or null
 * @param file      file name in the plugins folder, or null
 * @param errorType short kind: the hook's exception class, {@code InvalidBundle}, {@code ResolutionError}, ...
 */
public record FailedPluginInfo(String name, String version, String file, String errorType, String errorMessage) {
}
