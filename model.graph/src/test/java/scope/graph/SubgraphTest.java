package scope.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** If with subgraph branches: each branch reads the main graph's values and weights and may give another shape. */
class SubgraphTest {
    @TempDir
    Path dir;

    @Test
    void ifSelectsTheBranchAndBranchesShareTheModelsWeights() throws Exception {
        GraphBuilder g = new GraphBuilder("if", Precision.FP32);
        String x = g.input("x", DataType.FLOAT, 1, "N");
        String flag = g.input("flag", DataType.INT64, 1);
        String scale = g.weight(new float[] {3f}, 1);
        GraphBuilder doubled = g.subgraph("doubled");
        // a branch adding its own constant and reading the outer weight
        doubled.result(doubled.concat(1, x, doubled.mul(x, scale)), DataType.FLOAT);
        GraphBuilder plain = g.subgraph("plain");
        plain.result(plain.add(x, plain.scalar(1f)), DataType.FLOAT);
        String condition = g.cast(g.squeeze(flag, 0), DataType.BOOL);
        g.output(g.ifElse(condition, doubled, plain).get(0), "y", DataType.FLOAT, 1, "M");
        Path file = dir.resolve("if.onnx");
        ModelWriter.write(g, file, ModelWriter.Placement.INLINE);

        float[] in = {1f, 2f};
        assertArrayEquals(new float[] {1f, 2f, 3f, 6f}, Ort.run(file, "y",
                Map.of("x", Ort.floats(in, 1, 2), "flag", new Object[] {new long[] {1}, new long[] {1}})));
        assertArrayEquals(new float[] {2f, 3f}, Ort.run(file, "y",
                Map.of("x", Ort.floats(in, 1, 2), "flag", new Object[] {new long[] {0}, new long[] {1}})));
    }
}
