/** Workflow files (.scope-workflow.json and the legacy timeline JSON): checking what a workflow needs. */
@Export
@Version("1.0.0")
package scope.runtime.workflow;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
