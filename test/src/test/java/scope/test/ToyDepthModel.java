package scope.test;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a small ONNX graph with the Depth Anything export's input and output (pixel_values [1,3,H,W] ->
 * predicted_depth [1,H,W], depth = channel mean) where the depth preprocessor looks for its model. Runs on the
 * Pax Exam runner side only (the probe has no protobuf classes).
 */
public final class ToyDepthModel {
    private ToyDepthModel() {
    }

    static void install(Path home) throws Exception {
        Path file = home.resolve("models/depth-anything-v2-small/onnx/model.onnx");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes(0));
    }

    /**
     * The serialized model; {@code padding} characters of doc string make the file that much bigger (a download
     * that takes a while) without changing what it computes.
     */
    public static byte[] bytes(int padding) {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("toy-depth")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("ReduceMean").addInput("pixel_values")
                        .addOutput("predicted_depth")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axes")
                                .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(1))
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("keepdims")
                                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0)))
                .addInput(value("pixel_values", dim(1), dim(3), dim("height"), dim("width")))
                .addOutput(value("predicted_depth", dim(1), dim("height"), dim("width"))).build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .setDocString("toy depth model " + "#".repeat(padding)).build();
        return model.toByteArray();
    }

    private static OnnxMl.ValueInfoProto value(String name, OnnxMl.TensorShapeProto.Dimension... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (OnnxMl.TensorShapeProto.Dimension d : dims) {
            shape.addDim(d);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }

    private static OnnxMl.TensorShapeProto.Dimension dim(long value) {
        return OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
    }

    private static OnnxMl.TensorShapeProto.Dimension dim(String name) {
        return OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(name).build();
    }
}
