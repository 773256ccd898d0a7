/**
 * Configuration classes as JSON Schema (the shape Scope's Pydantic models produce), validation of incoming
 * parameters against it with field-level errors, and the canonical form of load parameters that decides instance
 * reuse.
 */
@Export
@Version("1.0.0")
package scope.runtime.schema;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
