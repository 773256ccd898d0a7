package scope.graph;

import static scope.graph.Attributes.integer;
import static scope.graph.Attributes.ints;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds one ONNX graph (opset {@value #OPSET}): inputs and outputs with static or symbolic dimensions, weights
 * whose values are streamed when the model is written ({@link ModelWriter}), constants, and nodes. Every method
 * that adds a node returns the name of the value it produces; values are plain strings, as in ONNX.
 *
 * <p>Weights are stored in the builder's {@link Precision}; {@link #scalar} and the ops that take constants make
 * them in the same type, so a graph written once runs at any precision. Inputs and outputs keep the contract's
 * types: cast with {@link #toCompute} after an input and {@link #toFloat} before an output.
 */
public final class GraphBuilder {
    /** The ONNX operator set the graphs are written for. */
    public static final int OPSET = 17;

    private final GraphProto.Builder graph;
    private final Precision precision;
    private final List<Initializer> initializers;
    private final Set<String> names;
    /** Next generated-name number; one per model, shared with subgraphs so that names stay unique. */
    private final int[] counter;

    /** One weight or constant; float values are encoded at write time. */
    record Initializer(String name, DataType type, long[] dims, TensorData floats, byte[] raw) {
        long bytes() {
            return floats != null ? floats.size() * type.bytes() : raw.length;
        }
    }

    public GraphBuilder(String name, Precision precision) {
        this(name, precision, new ArrayList<>(), new HashSet<>(), new int[1]);
    }

    private GraphBuilder(String name, Precision precision, List<Initializer> initializers, Set<String> names,
            int[] counter) {
        this.graph = GraphProto.newBuilder().setName(Objects.requireNonNull(name, "name"));
        this.precision = Objects.requireNonNull(precision, "precision");
        this.initializers = initializers;
        this.names = names;
        this.counter = counter;
    }

    /**
     * A subgraph (a branch of {@link #ifElse}): its nodes are its own, while its weights and constants are stored
     * in the model's main graph, and it reads any value of the enclosing graphs by name. Value names stay unique
     * across the whole model. Declare its results with {@link #result}.
     */
    public GraphBuilder subgraph(String name) {
        return new GraphBuilder(name, precision, initializers, names, counter);
    }

    /**
     * Declares {@code value} as the next output of this subgraph, of the given element type and a shape left to
     * the engine (the branches of an If may give different shapes).
     */
    public void result(String value, DataType type) {
        String name = claim(fresh("result"));
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(name + "_node").addInput(value)
                .addOutput(name));
        graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.onnxCode()))).build());
    }

    /**
     * An If node: {@code condition} (a one-element bool) selects which subgraph runs; both must declare the same
     * number of {@link #result}s, which become the node's outputs.
     */
    public List<String> ifElse(String condition, GraphBuilder thenBranch, GraphBuilder elseBranch) {
        int outputs = thenBranch.graph.getOutputCount();
        if (outputs == 0 || outputs != elseBranch.graph.getOutputCount()) {
            throw new IllegalArgumentException("If branches " + thenBranch.graph.getName() + " and "
                    + elseBranch.graph.getName() + " declare " + outputs + " and "
                    + elseBranch.graph.getOutputCount() + " results");
        }
        return op("If", List.of(condition), outputs, Attributes.graph("then_branch", thenBranch.graph.build()),
                Attributes.graph("else_branch", elseBranch.graph.build()));
    }

    public Precision precision() {
        return precision;
    }

    /** The element type activations have inside the graph. */
    public DataType computeType() {
        return precision.type();
    }

    // ---- inputs, outputs ----

    /** Declares a graph input; dims are numbers (static) or strings (symbolic). Returns its name. */
    public String input(String name, DataType type, Object... dims) {
        claim(name);
        graph.addInput(valueInfo(name, type, dims));
        return name;
    }

    /** Declares {@code value} as the graph output {@code name} (through an Identity when the names differ). */
    public String output(String value, String name, DataType type, Object... dims) {
        if (!value.equals(name)) {
            claim(name);
            graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(name + "_out").addInput(value)
                    .addOutput(name));
        }
        graph.addOutput(valueInfo(name, type, dims));
        return name;
    }

    // ---- weights and constants ----

    /** A weight stored in the builder's precision under the given name (e.g. the checkpoint key). */
    public String weight(String name, TensorData data, long... dims) {
        return floatInitializer(name, precision.type(), data, dims);
    }

    /** A weight of generated name from an array. */
    public String weight(float[] values, long... dims) {
        return weight(fresh("w"), TensorData.of(values), dims);
    }

    /** A float32 tensor, whatever the precision (for parts computed in float32). */
    public String float32(String name, TensorData data, long... dims) {
        return floatInitializer(name, DataType.FLOAT, data, dims);
    }

    /** A float32 tensor of generated name from an array. */
    public String float32(float[] values, long... dims) {
        return float32(fresh("w"), TensorData.of(values), dims);
    }

    /** A scalar (rank 0) in the compute type. */
    public String scalar(float value) {
        return floatInitializer(fresh("k"), precision.type(), TensorData.of(value));
    }

    /** A scalar (rank 0) in float32. */
    public String scalar32(float value) {
        return floatInitializer(fresh("k"), DataType.FLOAT, TensorData.of(value));
    }

    /** A 1-D int64 constant (shapes, axes, indices). */
    public String longs(long... values) {
        return int64(values, values.length);
    }

    /** An int64 constant of any shape. */
    public String int64(long[] values, long... dims) {
        checkCount(values.length, dims);
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        String name = claim(fresh("c"));
        initializers.add(new Initializer(name, DataType.INT64, dims.clone(), null, b.array()));
        return name;
    }

    /** A bool constant of any shape. */
    public String bools(boolean[] values, long... dims) {
        checkCount(values.length, dims);
        byte[] raw = new byte[values.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (values[i] ? 1 : 0);
        }
        String name = claim(fresh("c"));
        initializers.add(new Initializer(name, DataType.BOOL, dims.clone(), null, raw));
        return name;
    }

    // ---- nodes ----

    /** Adds a node with one output and returns that output's name. */
    public String op(String opType, List<String> inputs, AttributeProto... attributes) {
        return op(opType, inputs, 1, attributes).get(0);
    }

    /** Adds a node with several outputs. An empty input name is an omitted optional input. */
    public List<String> op(String opType, List<String> inputs, int outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType);
        List<String> outs = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            outs.add(claim(fresh(opType)));
        }
        n.setName(outs.get(0) + "_node").addAllOutput(outs);
        for (String in : inputs) {
            n.addInput(in == null ? "" : in);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return outs;
    }

    private String op(String opType, String... inputs) {
        return op(opType, Arrays.asList(inputs));
    }

    public String add(String a, String b) {
        return op("Add", a, b);
    }

    public String sub(String a, String b) {
        return op("Sub", a, b);
    }

    public String mul(String a, String b) {
        return op("Mul", a, b);
    }

    public String div(String a, String b) {
        return op("Div", a, b);
    }

    public String pow(String a, String b) {
        return op("Pow", a, b);
    }

    public String sqrt(String x) {
        return op("Sqrt", x);
    }

    public String reciprocal(String x) {
        return op("Reciprocal", x);
    }

    public String neg(String x) {
        return op("Neg", x);
    }

    public String exp(String x) {
        return op("Exp", x);
    }

    public String tanh(String x) {
        return op("Tanh", x);
    }

    public String sigmoid(String x) {
        return op("Sigmoid", x);
    }

    public String erf(String x) {
        return op("Erf", x);
    }

    public String sin(String x) {
        return op("Sin", x);
    }

    public String cos(String x) {
        return op("Cos", x);
    }

    public String floor(String x) {
        return op("Floor", x);
    }

    public String not(String x) {
        return op("Not", x);
    }

    public String identity(String x) {
        return op("Identity", x);
    }

    public String matMul(String a, String b) {
        return op("MatMul", a, b);
    }

    /** Gemm: alpha A' B' + beta C for 2-D A and B ({@code c} may be null). */
    public String gemm(String a, String b, String c, boolean transA, boolean transB) {
        List<String> in = c == null ? List.of(a, b) : List.of(a, b, c);
        return op("Gemm", in, integer("transA", transA ? 1 : 0), integer("transB", transB ? 1 : 0));
    }

    public String equal(String a, String b) {
        return op("Equal", a, b);
    }

    public String less(String a, String b) {
        return op("Less", a, b);
    }

    public String greater(String a, String b) {
        return op("Greater", a, b);
    }

    public String and(String a, String b) {
        return op("And", a, b);
    }

    public String max(String... xs) {
        return op("Max", xs);
    }

    public String min(String... xs) {
        return op("Min", xs);
    }

    public String where(String condition, String x, String y) {
        return op("Where", condition, x, y);
    }

    /** Mean over {@code axes} (opset 17: axes is an attribute). */
    public String reduceMean(String x, boolean keepDims, long... axes) {
        return op("ReduceMean", List.of(x), ints("axes", axes), integer("keepdims", keepDims ? 1 : 0));
    }

    /** Sum over {@code axes} (an input since opset 13). */
    public String reduceSum(String x, boolean keepDims, long... axes) {
        return op("ReduceSum", List.of(x, longs(axes)), integer("keepdims", keepDims ? 1 : 0));
    }

    public String softmax(String x, long axis) {
        return op("Softmax", List.of(x), integer("axis", axis));
    }

    /** Reshape to a constant shape (0 copies the input's dimension, -1 is inferred). */
    public String reshape(String x, long... shape) {
        return op("Reshape", x, longs(shape));
    }

    /** Reshape to a shape computed in the graph. */
    public String reshapeTo(String x, String shape) {
        return op("Reshape", x, shape);
    }

    public String transpose(String x, long... perm) {
        return op("Transpose", List.of(x), ints("perm", perm));
    }

    public String gather(String data, String indices, long axis) {
        return op("Gather", List.of(data, indices), integer("axis", axis));
    }

    public String concat(long axis, String... inputs) {
        return op("Concat", Arrays.asList(inputs), integer("axis", axis));
    }

    /** Slice with constant bounds along {@code axes} (steps 1). */
    public String slice(String x, long[] starts, long[] ends, long[] axes) {
        return op("Slice", x, longs(starts), longs(ends), longs(axes));
    }

    /** Slice with constant bounds and steps. */
    public String slice(String x, long[] starts, long[] ends, long[] axes, long[] steps) {
        return op("Slice", x, longs(starts), longs(ends), longs(axes), longs(steps));
    }

    public String unsqueeze(String x, long... axes) {
        return op("Unsqueeze", x, longs(axes));
    }

    public String squeeze(String x, long... axes) {
        return op("Squeeze", x, longs(axes));
    }

    public String shape(String x) {
        return op("Shape", x);
    }

    public String expand(String x, String shape) {
        return op("Expand", x, shape);
    }

    public String cast(String x, DataType to) {
        return op("Cast", List.of(x), integer("to", to.onnxCode()));
    }

    /** Cast of a graph input (float32 in the contract) to the compute type; the input itself at FP32. */
    public String toCompute(String x) {
        return precision == Precision.FP32 ? x : cast(x, precision.type());
    }

    /** Cast of a compute-type value to float32 (for outputs); the value itself at FP32. */
    public String toFloat(String x) {
        return precision == Precision.FP32 ? x : cast(x, DataType.FLOAT);
    }

    /** Clip between two values of the tensor's type (either may be null). */
    public String clip(String x, String min, String max) {
        return op("Clip", x, min == null ? "" : min, max == null ? "" : max);
    }

    /** Convolution (any rank) with optional bias; attributes: pads, strides, dilations, group. */
    public String conv(String x, String w, String bias, AttributeProto... attributes) {
        List<String> in = bias == null ? List.of(x, w) : List.of(x, w, bias);
        return op("Conv", in, attributes);
    }

    /** Constant padding; {@code pads} as ONNX orders them (all begins, then all ends). */
    public String pad(String x, String mode, long... pads) {
        return op("Pad", List.of(x, longs(pads)), Attributes.string("mode", mode));
    }

    // ---- for the writer ----

    GraphProto.Builder graph() {
        return graph;
    }

    List<Initializer> initializers() {
        return Collections.unmodifiableList(initializers);
    }

    /** Bytes of all weights and constants at the builder's precision. */
    public long weightBytes() {
        long n = 0;
        for (Initializer i : initializers) {
            n += i.bytes();
        }
        return n;
    }

    // ---- helpers ----

    private String floatInitializer(String name, DataType type, TensorData data, long... dims) {
        Objects.requireNonNull(data, "data");
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != data.size()) {
            throw new IllegalArgumentException("weight " + name + ": shape " + Arrays.toString(dims) + " has "
                    + count + " elements, its data " + data.size());
        }
        claim(name);
        initializers.add(new Initializer(name, type, dims.clone(), data, null));
        return name;
    }

    private static void checkCount(int count, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has " + n + " elements, not "
                    + count);
        }
    }

    private String claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("graph value " + name + " is defined twice");
        }
        return name;
    }

    private String fresh(String prefix) {
        String name;
        do {
            name = prefix + "_" + counter[0]++;
        } while (names.contains(name));
        return name;
    }

    private static ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else if (d instanceof Number n) {
                dim.setDimValue(n.longValue());
            } else {
                throw new IllegalArgumentException("dimension of " + name + " must be a number or a name: " + d);
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.onnxCode()).setShape(shape))).build();
    }
}
