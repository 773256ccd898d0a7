package scope.webrtc.internal;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

/**
 * The libwebrtc peer connection factory with a headless audio device: servers have no sound card, and the default
 * factory aborts the JVM (uncatchably) when it finds none. Made at the first use (the first offer), not when the
 * service activates: loading libwebrtc and starting its threads is a good part of the server's start-up and
 * memory, and a server may never see an offer. Disposed after every peer connection made from it has been closed.
 * When libwebrtc cannot start, every use fails with {@link Unavailable}, naming the cause.
 */
final class PeerFactory implements AutoCloseable {
    /** libwebrtc could not start: the server keeps serving, WebRTC requests fail with this. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(Throwable cause) {
            super("WebRTC is unavailable: libwebrtc could not start (" + cause + ")", cause);
        }
    }

    private HeadlessAudioDeviceModule audio;
    private PeerConnectionFactory factory;
    private Unavailable failure;
    private boolean closed;

    synchronized PeerConnectionFactory get() {
        if (closed) {
            throw new IllegalStateException("WebRTC signalling is shutting down");
        }
        if (failure != null) {
            throw failure;
        }
        if (factory == null) {
            try {
                audio = new HeadlessAudioDeviceModule();
                try {
                    factory = new PeerConnectionFactory(audio);
                } catch (RuntimeException | Error e) {
                    audio.dispose();
                    audio = null;
                    throw e;
                }
            } catch (RuntimeException | LinkageError e) {
                // the native library is bound to this bundle's class loader: a second try would not do better
                failure = new Unavailable(e);
                throw failure;
            }
        }
        return factory;
    }

    /** Whether libwebrtc's factory has been made (by a first use). */
    synchronized boolean isMade() {
        return factory != null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (factory == null) {
            return;
        }
        try {
            factory.dispose();
        } finally {
            audio.dispose();
            factory = null;
            audio = null;
        }
    }
}
