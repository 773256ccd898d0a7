package scope.pipeline.wan.parity;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import scope.pipeline.wan.convert.WeightsOpener;

/** The parity checks there are, by fixture folder name. Adding one is one line in {@link #all}. */
public final class ParityChecks {
    private ParityChecks() {
    }

    /** Every check, reading checkpoints with {@code weights}. */
    public static Map<String, ParityCheck> all(WeightsOpener weights) {
        List<Function<WeightsOpener, ParityCheck>> checks = List.of(
                TextEncoderParity::new,
                WanVaeParity::new,
                LongLiveDitParity::new,
                KreaDitParity::new);
        Map<String, ParityCheck> byFixture = new TreeMap<>();
        for (Function<WeightsOpener, ParityCheck> make : checks) {
            ParityCheck check = make.apply(weights);
            byFixture.put(check.fixture(), check);
        }
        return byFixture;
    }
}
