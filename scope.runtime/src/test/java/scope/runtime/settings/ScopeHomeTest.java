package scope.runtime.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeHomeTest {
    private static final Map<String, String> ENV = Map.of("SCOPE_HOME", "/env/home");

    @Test
    void flagThenEnvironmentThenPropertyThenDefault() {
        assertEquals(Path.of("/flag/home"), ScopeHome.resolve(new String[] {"--home", "/flag/home"}, ENV,
                k -> "/property/home"));
        assertEquals(Path.of("/env/home"), ScopeHome.resolve(new String[0], ENV, k -> "/property/home"));
        assertEquals(Path.of("/property/home"), ScopeHome.resolve(new String[0], Map.of("SCOPE_HOME", " "),
                k -> k.equals("scope.home") ? "/property/home" : null));
        assertEquals(Paths.get(System.getProperty("user.home"), ".scope").toAbsolutePath().normalize(),
                ScopeHome.resolve(new String[0], Map.of(), k -> null));
    }

    @Test
    void relativeHomesAreMadeAbsoluteAndNormalized() {
        assertEquals(Paths.get("data").toAbsolutePath(),
                ScopeHome.resolve(new String[] {"--home=./x/../data"}, Map.of(), k -> null));
    }
}
