package scope.pipeline.wan.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** GraphOps over the ONNX protobuf classes, writing one in-memory model (opset 17). */
final class ProtoGraphOps implements GraphOps {
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("dit");
    private int counter;

    @Override
    public void input(String name, int type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    @Override
    public void output(String name, int type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    @Override
    public String node(String type, String[] inputs, String output, Map<String, Object> attributes) {
        String out = output != null ? output : type + "_" + counter++;
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(type).setName(out + "_node").addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        attributes.forEach((k, v) -> {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(k);
            if (v instanceof Long l) {
                a.setType(AttributeProto.AttributeType.INT).setI(l);
            } else if (v instanceof long[] ls) {
                a.setType(AttributeProto.AttributeType.INTS);
                for (long l : ls) {
                    a.addInts(l);
                }
            } else if (v instanceof Float f) {
                a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
            } else if (v instanceof String s) {
                a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
            } else {
                throw new IllegalArgumentException(k + ": " + v);
            }
            n.addAttribute(a);
        });
        graph.addNode(n);
        return out;
    }

    @Override
    public String weight(String hint, float[] data, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return init(FLOAT, b.array(), shape);
    }

    @Override
    public String doubles(double[] data, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(data);
        return init(DOUBLE, b.array(), shape);
    }

    @Override
    public String longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return init(INT64, b.array(), values.length);
    }

    @Override
    public String scalar(float value) {
        return weight("k", new float[] {value});
    }

    private String init(int type, byte[] raw, long... shape) {
        String name = "w_" + counter++;
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    void write(Path file) throws IOException {
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setProducerName("scope-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).setGraph(graph).build();
        Files.write(file, model.toByteArray());
    }

    private static ValueInfoProto valueInfo(String name, int type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }
}
