package scope.test.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The mean R, G, B of a video element's frames in the page: averaged over a window, or recorded frame by frame. */
final class OutputColour {
    private final E2e e;
    private final String video;

    OutputColour(E2e e, String videoSelector) {
        this.e = e;
        this.video = E2e.quote(videoSelector);
    }

    /** The mean colour over a second (ten samples), so the per-frame noise of generated video averages out. */
    double[] average() throws Exception {
        double[] sum = new double[3];
        int n = 10;
        for (int i = 0; i < n; i++) {
            JsonNode rgb = e.js("e2e.sample(" + video + ")?.meanRgb ?? null");
            if (rgb == null || !rgb.isArray()) {
                throw new AssertionError("no frame to sample in " + video);
            }
            for (int c = 0; c < 3; c++) {
                sum[c] += rgb.get(c).asDouble() / n;
            }
            Thread.sleep(100);
        }
        return sum;
    }

    /** Starts keeping the mean colour of every frame the video presents. */
    void startRecording() throws Exception {
        e.js("e2e.record(" + video + ")");
    }

    /** The colours kept since {@link #startRecording()}, oldest first; stops recording. */
    List<double[]> recorded() throws Exception {
        List<double[]> frames = new ArrayList<>();
        for (JsonNode c : e.js("e2e.recorded(" + video + ")")) {
            frames.add(new double[] {c.get(0).asDouble(), c.get(1).asDouble(), c.get(2).asDouble()});
        }
        return frames;
    }

    static double distance(double[] a, double[] b) {
        double d = 0;
        for (int c = 0; c < 3; c++) {
            d += (a[c] - b[c]) * (a[c] - b[c]);
        }
        return Math.sqrt(d);
    }

    static String format(double[] rgb) {
        return String.format(Locale.ROOT, "(%.0f,%.0f,%.0f)", rgb[0], rgb[1], rgb[2]);
    }

    static String format(List<double[]> frames) {
        return String.join(" ", frames.stream().map(OutputColour::format).toList());
    }
}
