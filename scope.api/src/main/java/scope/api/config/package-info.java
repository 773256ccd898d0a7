/**
 * Annotations that turn a plain configuration class into a pipeline's JSON Schema.
 *
 * <p>A configuration class has public fields with initialisers: the initial value is the default. Java field names
 * are camelCase and appear in the schema in snake_case ({@code baseSeed} -&gt; {@code base_seed}). A subclass
 * may redeclare a field of its superclass to change its default, bounds or UI metadata. Enum constants appear
 * lower-cased ({@code FP8_E4M3FN} -&gt; {@code fp8_e4m3fn}).
 */
@Export
@Version("1.0.0")
package scope.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
