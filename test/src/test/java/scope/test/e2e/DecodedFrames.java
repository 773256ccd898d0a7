package scope.test.e2e;

/**
 * Frames the page's newest peer connection has decoded (getStats), polled from here: the count is read through a
 * promise, and Page.waitFor's condition is synchronous.
 */
final class DecodedFrames {
    private static final long TIMEOUT_NANOS = 90_000_000_000L;

    private final E2e e;

    DecodedFrames(E2e e) {
        this.e = e;
    }

    long count() throws Exception {
        return e.js("e2e.framesDecoded()").asLong();
    }

    /** Waits until more than {@code than} frames have been decoded. */
    void awaitMore(long than, String what) throws Exception {
        long end = System.nanoTime() + TIMEOUT_NANOS;
        long n = count();
        while (n <= than) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + ": " + n + " frames decoded, wanted more"
                        + " than " + than + "; page: " + e.js(StreamPage.DIAG).asText() + "; server said "
                        + e.js("JSON.stringify(e2e.received().filter(m => m.type !== 'stats'))").asText());
            }
            Thread.sleep(250);
            n = count();
        }
    }
}
