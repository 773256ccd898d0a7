package scope.test.e2e;

import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares the brightness of the output video with the input's in the page, to see a runtime parameter (the test
 * plugin's {@code level}) take effect. Averages a few samples because the fake camera pattern moves.
 */
final class Brightness {
    private final E2e e;
    private final String output;
    private final String input;

    Brightness(E2e e, String outputVideo, String inputVideo) {
        this.e = e;
        this.output = outputVideo;
        this.input = inputVideo;
    }

    double luma(String video) throws Exception {
        JsonNode s = e.js("e2e.sample('" + video + "')");
        assertTrue("no frame in " + video, s != null && !s.isNull() && !s.isMissingNode());
        return s.get("meanLuma").asDouble();
    }

    /** Mean output luma over input luma, averaged over five samples 100 ms apart. */
    double gain() throws Exception {
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            sum += luma(output) / luma(input);
            Thread.sleep(100);
        }
        return sum / 5;
    }

    /** Waits (up to 20 s) until the gain is below (or above) a bound; returns the gain seen. */
    double await(boolean below, double bound) throws Exception {
        long end = System.nanoTime() + 20_000_000_000L;
        double g = gain();
        while (below ? g >= bound : g <= bound) {
            if (System.nanoTime() > end) {
                throw new AssertionError("output/input luma " + g + " never went " + (below ? "below " : "above ")
                        + bound);
            }
            Thread.sleep(200);
            g = gain();
        }
        return g;
    }
}
