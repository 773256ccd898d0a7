package scope.platform.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
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
 * Boots Felix with the packaged bundle alone and loads ONNX Runtime through it: the bundle must resolve (its
 * osgi.native requirement included), and the natives must load into the bundle's class loader.
 */
class NativesLoadFromBundleTest {

    @Test
    void runtimeLoadsItsNativesInsideTheBundle(@TempDir Path storage) throws Exception {
        Path jar = Path.of(System.getProperty("bundle.file"));
        assertTrue(Files.isRegularFile(jar), "bundle not built: " + jar);
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        try {
            Bundle bundle = framework.getBundleContext().installBundle(jar.toUri().toString());
            bundle.start();
            assertEquals(Bundle.ACTIVE, bundle.getState());
            assertEquals("1.29.0", bundle.getVersion().toString());

            Class<?> envClass = bundle.loadClass("ai.onnxruntime.OrtEnvironment");
            // Loaded by the bundle, not by the test's class path (where the plain jar also is).
            assertTrue(envClass.getClassLoader() instanceof BundleReference, envClass.getClassLoader().toString());
            Object env = envClass.getMethod("getEnvironment").invoke(null);
            envClass.getMethod("setTelemetry", boolean.class).invoke(env, false);
            assertEquals("1.29.0", envClass.getMethod("getVersion").invoke(env));
            Collection<?> providers = (Collection<?>) envClass.getMethod("getAvailableProviders").invoke(null);
            assertTrue(providers.toString().contains("CPU"), providers.toString());

            // Only this platform's natives are inside.
            assertTrue(bundle.getEntry("ai/onnxruntime/native/linux-x64/libonnxruntime.so") != null);
            assertEquals(null, bundle.getEntry("ai/onnxruntime/native/win-x64/onnxruntime.dll"));
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }
}
