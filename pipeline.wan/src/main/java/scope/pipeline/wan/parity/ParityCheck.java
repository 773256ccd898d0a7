package scope.pipeline.wan.parity;

import java.nio.file.Path;

/**
 * Checks one kind of parity fixture (a folder of the fixture set, e.g. {@code text_encoder}): converts the
 * fixture's {@code weights.safetensors} with the real converter into {@code workDir}, runs the real code path on
 * the saved inputs and compares every saved output. Register a new check in {@link ParityChecks#ALL}.
 */
public interface ParityCheck {
    /** The fixture folder's name this check reads. */
    String fixture();

    ParityResult run(FixtureManifest fixture, Path workDir) throws Exception;
}
