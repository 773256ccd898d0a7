package scope.pipeline.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host with a GPU asks for CUDA; where the provider cannot start (this CPU build) the graph still opens on the CPU. */
class OrtGraphsProviderTest {
    @TempDir
    Path dir;

    @Test
    void cudaIsTriedAndTheCpuTakesOverWhenItIsUnavailable() throws Exception {
        Path file = dir.resolve("add.onnx");
        OnnxBuilder b = new OnnxBuilder().input("x", OnnxBuilder.FLOAT, 2).output("y", OnnxBuilder.FLOAT, 2);
        b.node("Add", new String[] {"x", b.scalar(1f)}, "y");
        b.write(file);

        OrtGraphs gpuHost = new OrtGraphs(1, true);
        try (Graph g = gpuHost.open(file)) {
            assertEquals(java.util.Set.of("x"), g.inputs().keySet());
        }
        String provider = gpuHost.providers().get("add.onnx");
        assertTrue(provider.equals("CUDA") || provider.startsWith("CPU (CUDA unavailable"), provider);

        OrtGraphs cpuHost = new OrtGraphs(1);
        try (Graph g = cpuHost.open(file)) {
            assertEquals("CPU", cpuHost.providers().get("add.onnx"));
        }
    }
}
