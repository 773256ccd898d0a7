package scope.test;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options that boot the exact bundle set of the distribution: the bundles the {@code run} module exported
 * from {@code scope.bndrun} (plain files), at the start levels that file gives them, plus the test plugins asked
 * for. Each container gets its own home directory and a free loopback port.
 */
final class Distribution {
    static final int BEGINNING_START_LEVEL = 3;

    private Distribution() {
    }

    static Option[] options(int port, Path home, String... testPlugins) {
        List<Option> options = new ArrayList<>();
        Map<String, Integer> levels = startLevels(Paths.get(System.getProperty("scope.bndrun")));
        File[] jars = new File(System.getProperty("scope.runbundles")).listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no exported run bundles in " + System.getProperty("scope.runbundles")
                    + " - build the run module first");
        }
        Arrays.sort(jars);
        for (File jar : jars) {
            int level = levels.getOrDefault(symbolicName(jar), BEGINNING_START_LEVEL);
            // a fragment (platform.slf4j) attaches to its host and cannot be started
            options.add(bundle(jar.toURI().toString()).startLevel(level).start(!isFragment(jar)));
        }
        for (String plugin : testPlugins) {
            File dir = new File(System.getProperty("scope.test.plugins"), plugin + "/target");
            File[] built = dir.listFiles((d, n) -> n.startsWith("test.plugins.") && n.endsWith(".jar"));
            if (built == null || built.length != 1) {
                throw new IllegalStateException("test plugin " + plugin + " is not built in " + dir);
            }
            options.add(bundle(built[0].toURI().toString()).startLevel(BEGINNING_START_LEVEL));
        }
        options.add(junitBundles());
        // the distribution brings its own slf4j; keep Pax Exam from provisioning pax-logging over it
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(cleanCaches());
        options.add(frameworkProperty("scope.home").value(home.toString()));
        // the runtime hands FileInstall its folder as a system property only when none is set; all test containers
        // share one JVM, so each gets its own folder as a framework property, which FileInstall reads first
        options.add(frameworkProperty("felix.fileinstall.dir").value(home.resolve("plugins").toString()));
        options.add(frameworkProperty("scope.host").value("127.0.0.1"));
        options.add(frameworkProperty("scope.port").value(Integer.toString(port)));
        options.add(systemProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty").value("warn"));
        return options.toArray(new Option[0]);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path newHome() {
        try {
            return Files.createTempDirectory("scope-home-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bundle symbolic name -&gt; start level, from the resolved {@code -runbundles} of the .bndrun. */
    static Map<String, Integer> startLevels(Path bndrun) {
        Map<String, Integer> levels = new HashMap<>();
        try {
            String text = Files.readString(bndrun);
            Matcher m = Pattern.compile("([A-Za-z0-9_.\\-]+);version='[^']*';startlevel=(\\d+)").matcher(text);
            while (m.find()) {
                levels.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (levels.isEmpty()) {
            throw new IllegalStateException("no resolved -runbundles with start levels in " + bndrun);
        }
        return levels;
    }

    private static boolean isFragment(File jar) {
        try (JarFile j = new JarFile(jar)) {
            return j.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String symbolicName(File jar) {
        try (JarFile j = new JarFile(jar)) {
            String bsn = j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? "" : bsn.split(";")[0].trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
