package scope.runtime.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.runtime.gpu.HardwareService;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.registry.PluginOrigin;
import scope.runtime.schema.ValidationException;
import scope.runtime.settings.ScopeSettings;
import scope.runtime.stream.ManagedStreams;
import scope.runtime.stream.Stream;
import scope.runtime.stream.StreamListener;

/**
 * A stream opened from a forked graph over the manager's instances: both branches' instances are tracked, an updated
 * plugin's instances are switched in every branch (the stream goes on), an uninstalled one stops the whole stream,
 * and two pipeline nodes that would resolve to one loaded instance are refused naming them.
 */
class ForkedStreamFollowsItsInstancesTest {
    static final ObjectMapper M = new ObjectMapper();
    @TempDir
    Path home;
    PipelineRegistry registry;
    PipelineManager manager;
    ManagedStreams streams;
    final List<String> stops = new CopyOnWriteArrayList<>();
    final StreamListener listener = new StreamListener() {
        @Override
        public void parametersUpdated(Map<String, Object> parameters) {
        }

        @Override
        public void streamStopped(String errorMessage) {
            stops.add(String.valueOf(errorMessage));
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        registry = new PipelineRegistry();
        registry.register(new PluginOrigin(7, "toys", "1.0.0", "", "file:/toys.jar"), new Toys().plugin("toy"));
        manager = new PipelineManager(registry, HardwareService.withVram(0), new ScopeSettings(home, "127.0.0.1", 0));
        streams = new ManagedStreams(manager);
        manager.load(List.of(new LoadEntry("a", "toy", M.readTree("{\"height\":64}")),
                new LoadEntry("b", "toy", M.readTree("{\"height\":80}"))));
        UpdatedPluginIsReplacedMakeBeforeBreakTest.await(() -> manager.loaded("a").isPresent()
                && manager.loaded("b").isPresent());
    }

    @AfterEach
    void tearDown() {
        streams.deactivate();
        manager.deactivate();
    }

    private static JsonNode forked(String first, String second) throws Exception {
        return M.readTree(("{'input_mode':'text','graph':{'nodes':[{'id':'input','type':'source'},"
                + "{'id':'" + first + "','type':'pipeline','pipeline_id':'toy'},"
                + "{'id':'" + second + "','type':'pipeline','pipeline_id':'toy'},"
                + "{'id':'output','type':'sink'},{'id':'output_1','type':'sink'}],"
                + "'edges':[{'from':'input','to_node':'" + first + "'},{'from':'input','to_node':'" + second + "'},"
                + "{'from':'" + first + "','to_node':'output'},{'from':'" + second + "','to_node':'output_1'}]}}")
                .replace('\'', '"'));
    }

    @Test
    void anUpdatedPluginIsSwitchedInEveryBranchAndAnUninstallStopsTheStream() throws Exception {
        String a = manager.loaded("a").orElseThrow().instanceId();
        String b = manager.loaded("b").orElseThrow().instanceId();
        Stream s = streams.open(forked("a", "b"), listener);
        assertEquals(2, s.outputCount());
        assertEquals(List.of(a, b), streams.instancesByStream().get(s.id()));

        registry.unregister(7);
        registry.register(new PluginOrigin(7, "toys", "1.1.0", "", "file:/toys.jar"), new Toys().plugin("toy"));
        UpdatedPluginIsReplacedMakeBeforeBreakTest.await(() -> {
            List<String> now = streams.instancesByStream().get(s.id());
            return now != null && !now.contains(a) && !now.contains(b);
        });
        List<String> switched = streams.instancesByStream().get(s.id());
        assertEquals(List.of(manager.loaded("a").orElseThrow().instanceId(),
                manager.loaded("b").orElseThrow().instanceId()), switched);
        assertTrue(stops.isEmpty(), "the stream goes on after the switch: " + stops);

        registry.unregister(7);
        registry.uninstalled(7);
        UpdatedPluginIsReplacedMakeBeforeBreakTest.await(() -> !stops.isEmpty());
        assertEquals(1, stops.size(), stops.toString());
        assertTrue(stops.get(0).contains("toy"), stops.toString());
        assertTrue(streams.streams().isEmpty());
    }

    @Test
    void twoNodesOnOneLoadedInstanceAreRefusedNamingThem() throws Exception {
        manager.load(List.of(new LoadEntry("toy", "toy", M.readTree("{\"height\":96}"))));
        UpdatedPluginIsReplacedMakeBeforeBreakTest.await(() -> manager.loaded("toy").isPresent());
        // neither node id is loaded: both fall back to the instance loaded under the pipeline id
        ValidationException e = assertThrows(ValidationException.class,
                () -> streams.open(forked("x", "y"), listener));
        assertTrue(e.getMessage().contains("'x' and 'y'"), e.getMessage());
        assertTrue(streams.streams().isEmpty());
        assertTrue(stops.isEmpty());
    }
}
