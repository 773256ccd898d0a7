package scope.webrtc.internal;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

/**
 * The libwebrtc peer connection factory with a headless audio device: servers have no sound card, and the default
 * factory aborts the JVM (uncatchably) when it finds none. Created once per service activation, disposed after
 * every peer connection made from it has been closed.
 */
final class PeerFactory implements AutoCloseable {
    private final HeadlessAudioDeviceModule audio;
    private final PeerConnectionFactory factory;

    PeerFactory() {
        audio = new HeadlessAudioDeviceModule();
        try {
            factory = new PeerConnectionFactory(audio);
        } catch (RuntimeException | Error e) {
            audio.dispose();
            throw e;
        }
    }

    PeerConnectionFactory get() {
        return factory;
    }

    @Override
    public void close() {
        try {
            factory.dispose();
        } finally {
            audio.dispose();
        }
    }
}
