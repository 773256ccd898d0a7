package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The platform.webrtc bundle in a real OSGi framework: it resolves, and webrtc-java's native library loads through
 * the bundle's class loader (the test JVM has not loaded it anywhere else: one JVM per test class).
 */
class PlatformBundleTest {

    @Test
    void nativesLoadFromTheBundleClassLoader() throws Exception {
        URL lib = getClass().getClassLoader().getResource("libwebrtc-java-linux-x86_64.so");
        assertNotNull(lib, "the platform bundle is on the test class path");
        assertEquals("jar", lib.getProtocol(), "run the tests after packaging platform.webrtc (mvn verify): " + lib);
        String jar = lib.getPath().substring("file:".length(), lib.getPath().indexOf("!/"));

        Path storage = Files.createTempDirectory("felix-platform-webrtc");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        try {
            BundleContext context = framework.getBundleContext();
            Bundle bundle = context.installBundle(new File(jar).toURI().toString());
            bundle.start();
            assertEquals(Bundle.ACTIVE, bundle.getState());
            assertEquals("platform.webrtc", bundle.getSymbolicName());

            Class<?> factoryClass = bundle.loadClass("dev.onvoid.webrtc.PeerConnectionFactory");
            assertNotSame(getClass().getClassLoader(), factoryClass.getClassLoader(), "loaded by the bundle");
            Class<?> admClass = bundle.loadClass("dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule");
            Class<?> admBase = bundle.loadClass("dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase");
            Object adm = admClass.getConstructor().newInstance();
            Object factory = factoryClass.getConstructor(admBase).newInstance(adm);
            try {
                // a native call that needs the library and its JNI class lookups through the bundle loader
                Class<?> mediaType = bundle.loadClass("dev.onvoid.webrtc.media.MediaType");
                Object video = mediaType.getField("VIDEO").get(null);
                Object caps = factoryClass.getMethod("getRtpReceiverCapabilities", mediaType).invoke(factory, video);
                List<?> codecs = (List<?>) caps.getClass().getMethod("getCodecs").invoke(caps);
                assertTrue(codecs.stream().anyMatch(c -> c.toString().contains("VP8")), codecs.toString());
            } finally {
                factoryClass.getMethod("dispose").invoke(factory);
                admClass.getMethod("dispose").invoke(adm);
            }
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
            try (Stream<Path> files = Files.walk(storage)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
