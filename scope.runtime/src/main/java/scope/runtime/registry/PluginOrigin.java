package scope.runtime.registry;

/**
 * The bundle a hook came from.
 *
 * @param bundleId     framework bundle id (unique for the life of the install)
 * @param symbolicName bundle symbolic name, the plugin's name in the API
 * @param version      bundle version
 * @param description  Bundle-Description, or empty
 * @param location     install location (file URL for the drop folder)
 */
public record PluginOrigin(long bundleId, String symbolicName, String version, String description, String location) {
}
