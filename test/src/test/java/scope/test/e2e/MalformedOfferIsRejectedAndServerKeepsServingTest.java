package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * Offers that are not usable session descriptions get a 4xx with a detail - both one the server's own check
 * rejects and one only libwebrtc rejects - and afterwards a real browser still streams through the same server.
 */
public class MalformedOfferIsRejectedAndServerKeepsServingTest {

    static void assertRejected(E2e e, String sdp) throws Exception {
        ScopeServer.Response r = e.server.post("/api/v1/webrtc/offer",
                "{\"type\":\"offer\",\"sdp\":" + E2e.quote(sdp) + ",\"initialParameters\":{\"input_mode\":\"video\"}}");
        assertTrue("4xx for a malformed offer, got " + r.status() + " " + r.body(),
                r.status() >= 400 && r.status() < 500);
        assertTrue("the reply explains why: " + r.body(),
                r.json() != null && r.json().hasNonNull("detail") && r.json().get("detail").toString().length() > 5);
        System.out.println("malformed offer -> " + r.status() + " " + r.body());
    }

    @Test
    public void garbageOffersGetA4xxAndAGoodStreamStillWorks() throws Exception {
        E2e.run("MalformedOfferIsRejectedAndServerKeepsServingTest", e -> {
            // a loaded pipeline, so the rejection is about the offer and not "pipeline not loaded"
            assertEquals(200, e.server.post("/api/v1/pipeline/load",
                    "{\"pipelines\":[{\"node_id\":\"passthrough\",\"pipeline_id\":\"passthrough\"}]}").status());
            long end = System.nanoTime() + 30_000_000_000L;
            while (!"loaded".equals(e.server.get("/api/v1/pipeline/status").json().path("status").asText())) {
                assertTrue("passthrough loads", System.nanoTime() < end);
                Thread.sleep(100);
            }

            assertRejected(e, "this is not SDP");
            // looks like SDP to a prefix check, but has no ICE credentials or fingerprint: libwebrtc refuses it
            assertRejected(e, "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                    + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:96 VP8/90000\r\na=sendrecv\r\n");

            assertEquals(200, e.server.get("/health").status());
            e.openUi(null);
            e.js("e2e.start({pipelines: ['passthrough']})");
            e.js("e2e.watch('#e2e-out')");
            e.waitFor("e2e.frames('#e2e-out') > 20", 30, "output frames after the bad offers",
                    "JSON.stringify(e2e.messages())");
            double fps = e.decodedFps(3);
            System.out.printf("good stream after malformed offers: %.1f fps received%n", fps);
            assertTrue("frames keep arriving: " + fps, fps > 5);
        });
    }
}
