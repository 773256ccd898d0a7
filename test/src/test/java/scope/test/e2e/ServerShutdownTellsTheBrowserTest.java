package scope.test.e2e;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * A server stopped cleanly (SIGTERM) tells the browser why its stream ended: the UI shows the server's
 * {@code stream_stopped} message, not a broken connection - through the real framework stop, in which plugin
 * bundles stop before the signalling bundle.
 */
public class ServerShutdownTellsTheBrowserTest {
    @Test
    public void theUiSaysTheServerIsShuttingDown() throws Exception {
        E2e.run("ServerShutdownTellsTheBrowserTest", e -> {
            CameraThroughGrayComesBackGrayTest.startGrayFromUi(e);
            e.server.close(); // SIGTERM, waits for the process to end
            assertFalse(e.server.isAlive());
            e.waitFor("document.querySelector('[data-testid=status-error]').textContent.includes("
                    + "'server shutting down')", 10, "the server's reason in the UI",
                    "document.querySelector('[data-testid=status-error]').textContent");
            String log = java.nio.file.Files.readString(e.server.log());
            assertTrue("the server stopped the session with the cause",
                    log.contains("stopping: server shutting down"));
        });
    }
}
