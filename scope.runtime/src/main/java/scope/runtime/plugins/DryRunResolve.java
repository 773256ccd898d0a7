package scope.runtime.plugins;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.VersionRange;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

/**
 * Whether a jar's mandatory requirements (Import-Package, Require-Bundle, Require-Capability) are provided by the
 * running framework, asked before the jar replaces anything: an update that could not resolve must never overwrite
 * a working plugin. Capabilities of the bundle being replaced do not count (they go away with it); the jar's own
 * exports satisfy its own imports.
 */
final class DryRunResolve {
    private DryRunResolve() {
    }

    /** The unsatisfied requirements in words (empty when every mandatory one has a provider). */
    static List<String> missing(BundleJar jar, FrameworkWiring wiring, Bundle replaced) {
        List<String> missing = new ArrayList<>();
        List<String> ownExports = jar.exportedPackages();
        for (ManifestClauses.Clause c : ManifestClauses.parse(jar.importPackage()).clauses()) {
            if (optional(c)) {
                continue;
            }
            String range = c.attributes().getOrDefault("version", "0.0.0");
            String versionFilter;
            try {
                versionFilter = new VersionRange(range).toFilterString(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
            } catch (IllegalArgumentException e) {
                missing.add("Import-Package " + c.names() + ": invalid version range '" + range + "'");
                continue;
            }
            for (String pkg : c.names()) {
                if (ownExports.contains(pkg)) {
                    continue;
                }
                String filter = "(&(" + PackageNamespace.PACKAGE_NAMESPACE + "=" + pkg + ")" + versionFilter + ")";
                if (!provided(wiring, PackageNamespace.PACKAGE_NAMESPACE, filter, replaced)) {
                    missing.add("package " + pkg + " " + range);
                }
            }
        }
        for (ManifestClauses.Clause c : ManifestClauses.parse(jar.requireBundle()).clauses()) {
            if (optional(c)) {
                continue;
            }
            String range = c.attributes().getOrDefault("bundle-version", "0.0.0");
            for (String bsn : c.names()) {
                String filter;
                try {
                    filter = "(&(" + BundleNamespace.BUNDLE_NAMESPACE + "=" + bsn + ")" + new VersionRange(range)
                            .toFilterString(BundleNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE) + ")";
                } catch (IllegalArgumentException e) {
                    missing.add("Require-Bundle " + bsn + ": invalid version range '" + range + "'");
                    continue;
                }
                if (!provided(wiring, BundleNamespace.BUNDLE_NAMESPACE, filter, replaced)) {
                    missing.add("bundle " + bsn + " " + range);
                }
            }
        }
        for (ManifestClauses.Clause c : ManifestClauses.parse(jar.requireCapability()).clauses()) {
            String effective = c.directives().getOrDefault(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE,
                    Namespace.EFFECTIVE_RESOLVE);
            if (optional(c) || !Namespace.EFFECTIVE_RESOLVE.equals(effective)) {
                continue;
            }
            String filter = c.directives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
            for (String namespace : c.names()) {
                if (!provided(wiring, namespace, filter, replaced)) {
                    missing.add("capability " + namespace + (filter == null ? "" : " " + filter));
                }
            }
        }
        return missing;
    }

    private static boolean optional(ManifestClauses.Clause c) {
        return Namespace.RESOLUTION_OPTIONAL.equals(c.directives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
    }

    private static boolean provided(FrameworkWiring wiring, String namespace, String filter, Bundle replaced) {
        Collection<BundleCapability> providers;
        try {
            providers = wiring.findProviders(new Wanted(namespace, filter));
        } catch (IllegalArgumentException e) {
            return false; // a filter the framework cannot parse is a requirement nobody provides
        }
        for (BundleCapability cap : providers) {
            Bundle provider = cap.getRevision().getBundle();
            if (replaced == null || provider.getBundleId() != replaced.getBundleId()) {
                return true;
            }
        }
        return false;
    }

    /** A requirement of a bundle not installed yet. */
    private record Wanted(String namespace, String filter) implements Requirement {
        @Override
        public String getNamespace() {
            return namespace;
        }

        @Override
        public Map<String, String> getDirectives() {
            return filter == null ? Map.of() : Map.of(Namespace.REQUIREMENT_FILTER_DIRECTIVE, filter);
        }

        @Override
        public Map<String, Object> getAttributes() {
            return Map.of();
        }

        @Override
        public Resource getResource() {
            return null;
        }
    }
}
