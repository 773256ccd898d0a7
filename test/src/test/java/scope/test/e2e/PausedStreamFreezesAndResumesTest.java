package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * Pause from the UI (it sends {"paused":true} on the data channel): the output freezes on its last frame while the
 * camera keeps moving; un-pausing ({"paused":false}) makes the output move again.
 */
public class PausedStreamFreezesAndResumesTest {
    static final String OUT = CameraThroughGrayComesBackGrayTest.OUT;
    static final String IN = CameraThroughGrayComesBackGrayTest.IN;
    /** A pixel counts as changed when its luma moved by more than this (codec noise stays well below). */
    static final int LEVELS = 24;

    /** Share of output (or input) pixels that changed over one second. */
    static double motion(E2e e, String video) throws Exception {
        assertTrue(e.js("e2e.snap('a', '" + video + "')").asBoolean());
        Thread.sleep(1000);
        assertTrue(e.js("e2e.snap('b', '" + video + "')").asBoolean());
        return e.js("e2e.diff('a', 'b', " + LEVELS + ")").asDouble();
    }

    @Test
    public void pausedOutputStopsChangingAndResumes() throws Exception {
        E2e.run("PausedStreamFreezesAndResumesTest", e -> {
            CameraThroughGrayComesBackGrayTest.startGrayFromUi(e);
            double running = motion(e, OUT);

            e.js("document.querySelector('[data-testid=pause-button]').click()");
            assertEquals("true", e.js("document.querySelector('[data-testid=pause-button]')"
                    + ".getAttribute('aria-pressed')").asText());
            Thread.sleep(1000); // frames already in flight may still land
            double paused = motion(e, OUT);
            double pausedAgain = motion(e, OUT);
            double cameraWhilePaused = motion(e, IN);

            e.js("document.querySelector('[data-testid=pause-button]').click()");
            Thread.sleep(1000);
            double resumed = Math.max(motion(e, OUT), motion(e, OUT));
            System.out.printf("changed pixels per second: running %.4f, paused %.4f / %.4f (camera %.4f),"
                    + " resumed %.4f%n", running, paused, pausedAgain, cameraWhilePaused, resumed);

            assertTrue("the camera keeps moving while paused: " + cameraWhilePaused, cameraWhilePaused > 0.003);
            assertTrue("output moves before pausing: " + running, running > 0.003);
            assertTrue("paused output is frozen: " + paused + ", " + pausedAgain,
                    Math.max(paused, pausedAgain) < 0.0005);
            assertTrue("output moves again after un-pausing: " + resumed, resumed > 0.003);
        });
    }
}
