package scope.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.api.onnx.FloatTensor;
import scope.api.onnx.InferenceSession;
import scope.api.onnx.OnnxException;
import scope.api.onnx.SessionSettings;

/** The ONNX service on real ONNX Runtime (CPU build), with a small graph made here: y = 2x + 1. */
class OrtSessionServiceTest {

    static Path writeAffineModel(Path file) throws Exception {
        OnnxMl.TypeProto type = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setShape(OnnxMl.TensorShapeProto.newBuilder()
                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("n")))).build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("affine")
                .addInitializer(scalar("two", 2f)).addInitializer(scalar("one", 1f))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Mul").addInput("x").addInput("two").addOutput("t"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Add").addInput("t").addInput("one").addOutput("y"))
                .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(type))
                .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y").setType(type)).build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).build();
        Files.write(file, model.toByteArray());
        return file;
    }

    private static OnnxMl.TensorProto scalar(String name, float value) {
        return OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addFloatData(value).build();
    }

    @Test
    void runsAModelOnCpu(@TempDir Path dir) throws Exception {
        Path file = writeAffineModel(dir.resolve("affine.onnx"));
        try (InferenceSession session = OrtSessionService.cpu().open(file)) {
            assertEquals("CPU", session.executionProvider());
            assertEquals("float", session.inputs().get("x").elementType());
            assertEquals(-1, session.inputs().get("x").dimension(0));
            Map<String, FloatTensor> out = session.run(Map.of("x", new FloatTensor(new float[] {0, 1, -2}, 3)));
            assertArrayEquals(new float[] {1, 3, -3}, out.get("y").data());
            assertArrayEquals(new long[] {3}, out.get("y").shape());
        }
    }

    @Test
    void reportedGpuWithoutCudaProviderFallsBackToCpu(@TempDir Path dir) throws Exception {
        // The CPU build of ONNX Runtime has no CUDA provider: addCUDA fails, the session still opens on CPU.
        Path file = writeAffineModel(dir.resolve("affine.onnx"));
        try (InferenceSession session = new OrtSessionService(() -> 24).open(file, SessionSettings.defaults()
                .intraOpThreads(1))) {
            assertEquals("CPU", session.executionProvider());
            assertArrayEquals(new float[] {5}, session.run(Map.of("x", new FloatTensor(new float[] {2}, 1)))
                    .get("y").data());
        }
    }

    @Test
    void missingModelNamesTheFile(@TempDir Path dir) {
        Path file = dir.resolve("nowhere/model.onnx");
        OnnxException e = assertThrows(OnnxException.class, () -> OrtSessionService.cpu().open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void corruptModelNamesTheFileAndOrtsReason(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("model.onnx"), "this is not a protobuf model");
        OnnxException e = assertThrows(OnnxException.class, () -> OrtSessionService.cpu().open(file));
        assertTrue(e.getMessage().startsWith("Cannot load ONNX model " + file + ": "), e.getMessage());
        // ONNX Runtime's own reason follows the file name.
        assertTrue(e.getMessage().length() > ("Cannot load ONNX model " + file + ": ").length() + 10, e.getMessage());
    }

    @Test
    void wrongInputNameIsAClearError(@TempDir Path dir) throws Exception {
        Path file = writeAffineModel(dir.resolve("affine.onnx"));
        try (InferenceSession session = OrtSessionService.cpu().open(file)) {
            OnnxException e = assertThrows(OnnxException.class,
                    () -> session.run(Map.of("pixels", new FloatTensor(new float[] {1}, 1))));
            assertTrue(e.getMessage().contains("'pixels'"), e.getMessage());
        }
    }
}
