package scope.test.chaos;

import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/**
 * The bounded chaos run in CI: REST, workflow, plugin-jar and data-channel fuzz, a 400-call hammer, slow clients
 * and connect/disconnect churn against the real server jar. No case may get a 5xx, hang, or crash the server.
 */
public class ChaosSuiteTest {
    @Test
    public void noHostileInputCrashesHangsOrGets5xx() throws Exception {
        List<Tally> tallies = ChaosRun.run("ChaosSuiteTest", 1, 20261202L);
        String table = ChaosRun.table(tallies);
        System.out.println(table);
        for (Tally t : tallies) {
            assertTrue(t.suite + " is not clean:\n" + table, t.clean());
            assertTrue(t.suite + " ran no case:\n" + table, t.cases > 0);
        }
    }
}
