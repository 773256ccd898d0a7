package scope.runtime.settings;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The rule that finds the home directory: the {@code --home} flag, then {@code SCOPE_HOME}, then the property
 * {@code scope.home}, then {@code ~/.scope}; absolute and normalized. {@link ScopeSettings} applies it inside the
 * framework, and the distribution's launcher applies the same class before the framework exists, because it keeps
 * the framework's storage under the home. It uses nothing but the JDK so that the launcher can carry it.
 */
public final class ScopeHome {
    private ScopeHome() {
    }

    /**
     * @param args       the command line (flags {@code --home DIR} or {@code --home=DIR})
     * @param env        the environment
     * @param properties framework or system properties by name (null when unset)
     */
    public static Path resolve(String[] args, Map<String, String> env, UnaryOperator<String> properties) {
        String value = pick(flag(args, "--home"), env.get("SCOPE_HOME"), properties.apply("scope.home"),
                Paths.get(System.getProperty("user.home"), ".scope").toString());
        return Paths.get(value).toAbsolutePath().normalize();
    }

    /** The value of a command-line flag given as {@code name value} or {@code name=value}, or null. */
    public static String flag(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return null;
    }

    /** The first value that is set and not blank, or null. */
    public static String pick(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
