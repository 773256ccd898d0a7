package scope.test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import scope.api.Frame;
import scope.runtime.gpu.HardwareService;
import scope.runtime.stream.Stream;
import scope.runtime.stream.StreamListener;
import scope.runtime.stream.StreamService;

/**
 * The depth preprocessor in the distribution: ONNX Runtime from the platform bundle, the ONNX service from the
 * runtime, a model file in the models directory (a small graph with the real export's input and output). Loaded
 * through the HTTP API with passthrough after it; frames pushed through a stream come out as depth frames.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DepthPreprocessorRunsOnnxTest {

    @Inject
    BundleContext context;
    @Inject
    ConfigurationAdmin configAdmin;
    @Inject
    HardwareService hardware;
    @Inject
    StreamService streams;
    Http http;

    @Configuration
    public Option[] config() throws Exception {
        Path home = Distribution.newHome();
        ToyDepthModel.install(home);
        return Distribution.options(Distribution.freePort(), home);
    }

    @Before
    public void up() throws Exception {
        http = new Http(Integer.parseInt(context.getProperty("scope.port")));
        http.awaitUp();
        // The pipeline estimates 1 GB of VRAM: say there is a GPU, so it is listed. The ONNX service then tries
        // CUDA, which the CPU build of ONNX Runtime lacks, and falls back to CPU.
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(HardwareService.PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("vram.gb", 2.0);
        c.update(props);
        for (int i = 0; i < 200 && hardware.gpu().vramGb() != 2.0; i++) {
            Thread.sleep(20);
        }
    }

    static Frame halves(int w, int h, long t) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w / 2; x++) {
                int i = (y * w + x) * 3;
                rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) 255;
            }
        }
        return new Frame(w, h, rgb, t);
    }

    @Test
    public void loadsThroughTheApiAndTurnsAStreamIntoDepth() throws Exception {
        Http.Response r = http.post("/api/v1/pipeline/load",
                "{\"pipeline_ids\":[\"video-depth-anything\",\"passthrough\"]}");
        assertEquals(r.body(), 200, r.status());
        JsonNode s = http.awaitSettled();
        assertEquals(s.toString(), "loaded", s.get("status").asText());

        JsonNode init = new ObjectMapper().readTree("{\"pipeline_ids\":[\"video-depth-anything\",\"passthrough\"]}");
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (Stream stream = streams.open(init, new StreamListener() {
            @Override
            public void parametersUpdated(Map<String, Object> parameters) {
            }

            @Override
            public void streamStopped(String errorMessage) {
            }
        })) {
            for (int i = 0; i < 8; i++) {
                stream.pushInput(halves(256, 192, i * 33_000_000L));
            }
            Future<Frame> next = reader.submit(() -> stream.nextOutput());
            Frame out = next.get(30, TimeUnit.SECONDS);
            assertNotNull("stream stopped without output", out);
            assertEquals(256, out.width());
            assertEquals(192, out.height());
            byte[] rgb = out.rgb();
            int left = (96 * 256 + 40) * 3;
            int right = (96 * 256 + 216) * 3;
            assertEquals("grey", rgb[left], rgb[left + 1]);
            assertEquals("grey", rgb[right], rgb[right + 2]);
            // The toy model calls bright near: the white half is white depth, the black half black.
            assertEquals(255, rgb[left] & 0xff);
            assertEquals(0, rgb[right] & 0xff);
        } finally {
            reader.shutdownNow();
        }
    }
}
