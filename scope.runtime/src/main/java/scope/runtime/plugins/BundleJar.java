package scope.runtime.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.osgi.framework.Version;

/**
 * What a jar file says about itself as a bundle, checked before it goes anywhere near the plugins folder: a readable
 * jar (every entry decompresses, within a bound), a manifest with a plain Bundle-SymbolicName and a valid version,
 * and not a fragment (a fragment attaches to another bundle, so removing it would disturb that one). Its wiring
 * headers are kept for the dry-run resolve ({@link DryRunResolve}) and the platform checks ({@link PlatformGuard}).
 */
public record BundleJar(String symbolicName, String version, String description, String importPackage,
        String exportPackage, String requireCapability, String requireBundle) {
    /** Symbolic names double as file names and URL path segments: keep them plain. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,199}");
    /** Decompressed bytes allowed per compressed byte of the file, against zip bombs. */
    private static final long MAX_EXPANSION = 20;

    /** @throws PluginException INVALID naming the problem */
    public static BundleJar read(Path file, long fileSize) throws PluginException {
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            long budget = Math.max(1 << 20, fileSize * MAX_EXPANSION);
            byte[] buf = new byte[8192];
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                try (InputStream in = jar.getInputStream(e)) {
                    for (int n; (n = in.read(buf)) > 0;) {
                        budget -= n;
                        if (budget < 0) {
                            throw new PluginException(PluginException.Kind.INVALID,
                                    "the jar expands to far more than its size; refusing it");
                        }
                    }
                }
            }
            manifest = jar.getManifest();
        } catch (IOException | RuntimeException e) {
            throw new PluginException(PluginException.Kind.INVALID, "not a readable jar file: " + e.getMessage());
        }
        if (manifest == null) {
            throw new PluginException(PluginException.Kind.INVALID, "not an OSGi bundle: the jar has no manifest");
        }
        requireReadableInOrder(file);
        Attributes a = manifest.getMainAttributes();
        String bsn = a.getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            throw new PluginException(PluginException.Kind.INVALID,
                    "not an OSGi bundle: the manifest has no Bundle-SymbolicName");
        }
        String name = bsn.split(";", 2)[0].trim();
        if (!NAME.matcher(name).matches()) {
            throw new PluginException(PluginException.Kind.INVALID,
                    "Bundle-SymbolicName '" + name + "' is not a plain name (letters, digits, '.', '_', '-')");
        }
        if (a.getValue("Fragment-Host") != null) {
            throw new PluginException(PluginException.Kind.INVALID,
                    "fragment bundles cannot be installed as plugins (Fragment-Host is set)");
        }
        String version;
        try {
            version = Version.parseVersion(a.getValue("Bundle-Version")).toString();
        } catch (IllegalArgumentException e) {
            throw new PluginException(PluginException.Kind.INVALID, "invalid Bundle-Version: " + e.getMessage());
        }
        String description = a.getValue("Bundle-Description");
        return new BundleJar(name, version, description == null ? "" : description, a.getValue("Import-Package"),
                a.getValue("Export-Package"), a.getValue("Require-Capability"), a.getValue("Require-Bundle"));
    }

    /**
     * The framework reads a bundle front to back (local entry headers, not the central directory): the manifest
     * must come first and every entry must read back with its checksum. A jar whose directory is intact but whose
     * entries are damaged passes {@link JarFile} and would then fail only inside the framework.
     */
    private static void requireReadableInOrder(Path file) throws PluginException {
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(
                new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file)), true)) {
            if (in.getManifest() == null) {
                throw new PluginException(PluginException.Kind.INVALID, "not an OSGi bundle: the manifest is not "
                        + "the first entry of the jar (META-INF/MANIFEST.MF must come first)");
            }
            byte[] buf = new byte[8192];
            while (in.getNextJarEntry() != null) {
                while (in.read(buf) > 0) {
                    // reading to the end of each entry checks its size and CRC
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PluginException(PluginException.Kind.INVALID, "not a readable jar file: " + e.getMessage());
        }
    }

    /** The packages the bundle exports. */
    public java.util.List<String> exportedPackages() {
        java.util.List<String> out = new java.util.ArrayList<>();
        ManifestClauses.parse(exportPackage).clauses().forEach(c -> out.addAll(c.names()));
        return out;
    }
}
