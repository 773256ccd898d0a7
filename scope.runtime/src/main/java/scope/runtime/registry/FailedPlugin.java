package scope.runtime.registry;

/**
 * A plugin whose registration failed: its hook threw, or it registered invalid metadata or a taken id. None of its
 * pipelines are registered.
 *
 * @param errorType    the exception's simple class name ({@code IllegalArgumentException})
 * @param errorMessage what went wrong, for the user
 */
public record FailedPlugin(PluginOrigin origin, String errorType, String errorMessage) {
}
