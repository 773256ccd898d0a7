package scope.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import scope.runtime.settings.ClusterSettings;

/** The role settings as the runtime resolves them (resolve is package-private there: called reflectively). */
class ClusterSettingsTest {
    private static ClusterSettings resolve(Map<String, String> values, String host, int port) throws Exception {
        Method m = ClusterSettings.class.getDeclaredMethod("resolve", Function.class, String.class, int.class);
        m.setAccessible(true);
        Function<String, String> lookup = values::get;
        try {
            return (ClusterSettings) m.invoke(null, lookup, host, port);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void noRoleIsStandalone() throws Exception {
        ClusterSettings s = resolve(Map.of(), "127.0.0.1", 8000);
        assertEquals(ClusterSettings.Role.STANDALONE, s.role());
        assertNull(s.secret());
    }

    @Test
    void aWorkerGetsAnIdAndAnAddressFromWhereItListens() throws Exception {
        ClusterSettings s = resolve(Map.of("SCOPE_ROLE", "worker", "SCOPE_CLUSTER_ZK", "zk:2181",
                "SCOPE_CLUSTER_SECRET", "0123456789abcdef"), "10.0.0.5", 8001);
        assertEquals("10-0-0-5-8001", s.workerId());
        assertEquals("http://10.0.0.5:8001", s.advertiseUrl());
        assertTrue(!s.toString().contains("0123456789abcdef"), "the secret is never printed");
    }

    @Test
    void missingOrWeakSettingsAreNamed() {
        Exception noZk = assertThrows(IllegalStateException.class, () -> resolve(Map.of("SCOPE_ROLE", "gateway",
                "SCOPE_CLUSTER_SECRET", "0123456789abcdef"), "127.0.0.1", 8000));
        assertTrue(noZk.getMessage().contains("SCOPE_CLUSTER_ZK"), noZk.getMessage());
        Exception weak = assertThrows(IllegalStateException.class, () -> resolve(Map.of("SCOPE_ROLE", "gateway",
                "SCOPE_CLUSTER_ZK", "zk:2181", "SCOPE_CLUSTER_SECRET", "short"), "127.0.0.1", 8000));
        assertTrue(weak.getMessage().contains("SCOPE_CLUSTER_SECRET"), weak.getMessage());
        Exception role = assertThrows(IllegalStateException.class,
                () -> resolve(Map.of("SCOPE_ROLE", "boss"), "127.0.0.1", 8000));
        assertTrue(role.getMessage().contains("standalone, worker or gateway"), role.getMessage());
        Exception id = assertThrows(IllegalStateException.class, () -> resolve(Map.of("SCOPE_ROLE", "worker",
                "SCOPE_CLUSTER_ZK", "zk:2181", "SCOPE_CLUSTER_SECRET", "0123456789abcdef", "SCOPE_WORKER_ID", "a.b"),
                "127.0.0.1", 8000));
        assertTrue(id.getMessage().contains("SCOPE_WORKER_ID"), id.getMessage());
    }
}
