package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import scope.runtime.schema.ConfigSchema;
import scope.runtime.schema.ValidationException;

class NodeIdRoutesUpdateToOneStageTest {

    private static ChainStream twoStages() {
        ChainStage depth = new ChainStage("depth", "depth", new Fakes.Gray(1), ConfigSchema.of(Fakes.OtherConfig.class),
                ChainStage.Role.PRE);
        ChainStage main = Fakes.stage("main", new Fakes.Gray(1), ChainStage.Role.MAIN);
        return new ChainStream("s", List.of(depth, main), new Fakes.Listener(), Clock.SYSTEM);
    }

    @Test
    void anUpdateWithNodeIdReachesOnlyThatStage() throws Exception {
        ChainStream s = twoStages();
        s.update(Fakes.json("{'node_id':'main','noise_scale':0.3}"));
        assertEquals(0.3, s.parameters().get("main").get("noise_scale"));
        assertFalse(s.parameters().get("depth").containsKey("noise_scale"));
    }

    @Test
    void withoutNodeIdEachStageGetsControlKeysAndItsOwnSchemaFields() throws Exception {
        ChainStream s = twoStages();
        s.update(Fakes.json("{'noise_scale':0.3,'strength':0.9,'depth_levels':5}"));
        assertEquals(0.3, s.parameters().get("depth").get("noise_scale"));
        assertEquals(5L, s.parameters().get("depth").get("depth_levels"));
        assertFalse(s.parameters().get("depth").containsKey("strength"));
        assertEquals(0.9, s.parameters().get("main").get("strength"));
        assertFalse(s.parameters().get("main").containsKey("depth_levels"));
    }

    @Test
    void aFieldOfAnotherStageIsUnknownWhenRoutedElsewhere() {
        ChainStream s = twoStages();
        ValidationException e = assertThrows(ValidationException.class,
                () -> s.update(Fakes.json("{'node_id':'main','depth_levels':5}")));
        assertEquals("depth_levels", e.errors().get(0).field());
    }
}
