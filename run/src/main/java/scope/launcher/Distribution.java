package scope.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the executable jar carries: the bundles under {@code jar/} with their start levels and the run properties,
 * as bnd's export wrote them into {@code launcher.properties} from {@code scope.bndrun}, and a digest of the whole
 * jar taken from its central directory (each entry's name, size and CRC), so that any rebuild with other content
 * has another digest without reading the 35 MB of bundles.
 */
final class Distribution implements AutoCloseable {
    /** Location prefix of the distribution's bundles; plugins have {@code file:} locations in the plugins folder. */
    static final String LOCATION_PREFIX = "scope-distribution:";

    record Bundle(String entry, int startLevel) {
        String location() {
            return LOCATION_PREFIX + entry;
        }
    }

    private final ZipFile zip;
    private final List<Bundle> bundles;
    private final Map<String, String> properties;
    private final String digest;

    private Distribution(ZipFile zip, List<Bundle> bundles, Map<String, String> properties, String digest) {
        this.zip = zip;
        this.bundles = bundles;
        this.properties = properties;
        this.digest = digest;
    }

    static Distribution open(java.nio.file.Path jar) throws IOException {
        ZipFile zip = new ZipFile(jar.toFile());
        try {
            ZipEntry entry = zip.getEntry("launcher.properties");
            if (entry == null) {
                throw new IOException(jar + " has no launcher.properties: not a Scope distribution");
            }
            Properties p = new Properties();
            try (InputStream in = zip.getInputStream(entry)) {
                p.load(in);
            }
            List<String> files = split(p.getProperty("launch.bundles", ""));
            List<String> attrs = split(p.getProperty("launch.runbundles.attrs", ""));
            if (files.size() != attrs.size()) {
                throw new IOException("launcher.properties lists " + files.size() + " bundles but " + attrs.size()
                        + " start levels");
            }
            List<Bundle> bundles = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                if (zip.getEntry(files.get(i)) == null) {
                    throw new IOException(jar + " lacks the bundle " + files.get(i));
                }
                bundles.add(new Bundle(files.get(i), startLevel(attrs.get(i))));
            }
            Map<String, String> properties = new LinkedHashMap<>();
            for (String key : p.stringPropertyNames()) {
                properties.put(key, p.getProperty(key));
            }
            return new Distribution(zip, Collections.unmodifiableList(bundles), properties, digest(zip));
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    List<Bundle> bundles() {
        return bundles;
    }

    /** The run properties of the .bndrun, {@code launch.*} settings included. */
    Map<String, String> properties() {
        return properties;
    }

    String digest() {
        return digest;
    }

    InputStream open(Bundle b) throws IOException {
        return zip.getInputStream(zip.getEntry(b.entry()));
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static String digest(ZipFile zip) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer numbers = ByteBuffer.allocate(16);
            zip.stream().forEach(e -> {
                md.update(e.getName().getBytes(StandardCharsets.UTF_8));
                numbers.clear();
                numbers.putLong(e.getSize()).putLong(e.getCrc());
                md.update(numbers.array());
            });
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ...;startlevel=N} of one bundle's attributes. */
    private static int startLevel(String attrs) {
        for (String part : attrs.split(";")) {
            String p = part.trim();
            if (p.startsWith("startlevel=")) {
                return Integer.parseInt(p.substring("startlevel=".length()).replace("\"", "").trim());
            }
        }
        return -1;
    }

    /** Splits a bnd list at the commas outside quotes. */
    static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : list.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                add(out, current);
            } else {
                current.append(c);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder current) {
        String s = current.toString().trim();
        if (!s.isEmpty()) {
            out.add(s);
        }
        current.setLength(0);
    }
}
