package scope.pipeline.depth;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small ONNX graphs with the Depth Anything export's input and output names and shapes, built here because the
 * real weights are not available to tests: {@code pixel_values [1,3,H,W] -> predicted_depth [1,H,W]}, where the
 * "depth" is the channel mean of the normalised pixels (so brighter = nearer).
 */
public final class ToyDepthModels {
    private ToyDepthModels() {
    }

    /** Dynamic height and width, like the onnx-community export. */
    public static Path dynamic(Path file) throws Exception {
        return write(file, "pixel_values", dim("height"), dim("width"));
    }

    /** A fixed-size export ({@code [1,3,size,size]}). */
    public static Path fixed(Path file, int size) throws Exception {
        return write(file, "pixel_values", dim(size), dim(size));
    }

    /** A graph whose input has another name (not a Depth Anything export). */
    public static Path wrongInputName(Path file) throws Exception {
        return write(file, "image", dim("height"), dim("width"));
    }

    private static Path write(Path file, String input, OnnxMl.TensorShapeProto.Dimension h,
            OnnxMl.TensorShapeProto.Dimension w) throws Exception {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("toy-depth")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("ReduceMean").addInput(input)
                        .addOutput("predicted_depth")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axes")
                                .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(1))
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("keepdims")
                                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0)))
                .addInput(value(input, dim(1), dim(3), h, w))
                .addOutput(value("predicted_depth", dim(1), h, w)).build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).build();
        Files.createDirectories(file.getParent());
        Files.write(file, model.toByteArray());
        return file;
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
