package scope.platform.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Boots Felix with the packaged bundle alone and loads FFmpeg through it: the bundle must resolve (its osgi.native
 * requirement included), the natives must load into the bundle's class loader, and the H.264 encoder the recorder
 * uses (OpenH264) must be there while the GPL one (x264) is not.
 */
class NativesLoadFromBundleTest {

    @Test
    void ffmpegLoadsItsNativesInsideTheBundle(@TempDir Path storage) throws Exception {
        Path jar = Path.of(System.getProperty("bundle.file"));
        assertTrue(Files.isRegularFile(jar), "bundle not built: " + jar);
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.resolve("felix").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        System.setProperty("org.bytedeco.javacpp.cachedir", storage.resolve("javacpp").toString());
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        try {
            Bundle bundle = framework.getBundleContext().installBundle(jar.toUri().toString());
            bundle.start();
            assertEquals(Bundle.ACTIVE, bundle.getState());

            Class<?> avcodec = bundle.loadClass("org.bytedeco.ffmpeg.global.avcodec");
            assertTrue(avcodec.getClassLoader() instanceof BundleReference, avcodec.getClassLoader().toString());
            Method find = avcodec.getMethod("avcodec_find_encoder_by_name", String.class);
            assertNotNull(find.invoke(null, "libopenh264"), "the LGPL build's H.264 encoder");
            assertNull(find.invoke(null, "libx264"), "x264 (GPL) must not be inside");
            Method decoder = avcodec.getMethod("avcodec_find_decoder_by_name", String.class);
            assertNotNull(decoder.invoke(null, "h264"));
            Class<?> avformat = bundle.loadClass("org.bytedeco.ffmpeg.global.avformat");
            assertNotNull(avformat.getMethod("av_guess_format", String.class, String.class, String.class)
                    .invoke(null, "mp4", null, null));
            Class<?> swscale = bundle.loadClass("org.bytedeco.ffmpeg.global.swscale");
            assertTrue((int) swscale.getMethod("swscale_version").invoke(null) > 0);

            // Only this platform's natives, and none of the parts the recorder does not use.
            assertNotNull(bundle.getEntry("org/bytedeco/ffmpeg/linux-x86_64/libjniavcodec.so"));
            assertNull(bundle.getEntry("org/bytedeco/ffmpeg/linux-x86_64/libavfilter.so.11"));
            assertNull(bundle.getEntry("org/bytedeco/ffmpeg/linux-x86_64/ffmpeg"));
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
            System.clearProperty("org.bytedeco.javacpp.cachedir");
        }
    }
}
