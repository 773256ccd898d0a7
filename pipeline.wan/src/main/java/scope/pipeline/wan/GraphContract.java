package scope.pipeline.wan;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs and outputs a graph file must declare: names, element types and shapes. A dimension is a number or a
 * symbol; a symbol is bound by the first fixed size seen (or by the caller) and must agree everywhere after, which
 * also checks that graphs agree with each other (the text encoder's width is the DiT's prompt width).
 * Dynamic dimensions in the graph are accepted for any entry.
 */
public final class GraphContract {
    /** One tensor of the contract; dims are numbers ("512") or symbols ("H8"). */
    public record Tensor(String name, ElementType type, List<String> dims) {
    }

    private final String file;
    private final List<Tensor> inputs;
    private final List<Tensor> outputs;

    public GraphContract(String file, List<Tensor> inputs, List<Tensor> outputs) {
        this.file = file;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
    }

    public static Tensor floatTensor(String name, String... dims) {
        return new Tensor(name, ElementType.FLOAT, List.of(dims));
    }

    public static Tensor longTensor(String name, String... dims) {
        return new Tensor(name, ElementType.INT64, List.of(dims));
    }

    public static Tensor byteTensor(String name, String... dims) {
        return new Tensor(name, ElementType.UINT8, List.of(dims));
    }

    /** The file name under the pipeline's ONNX directory. */
    public String file() {
        return file;
    }

    public List<Tensor> inputs() {
        return inputs;
    }

    public List<Tensor> outputs() {
        return outputs;
    }

    /**
     * Checks a loaded graph against the contract, binding symbols in {@code bindings}.
     *
     * @throws ModelContractViolation naming the file and the first offending tensor
     */
    public void check(Path path, Graph graph, Map<String, Long> bindings) throws ModelContractViolation {
        checkAll(path, "input", inputs, graph.inputs(), bindings);
        checkAll(path, "output", outputs, graph.outputs(), bindings);
    }

    private static void checkAll(Path path, String kind, List<Tensor> expected, Map<String, TensorSpec> actual,
            Map<String, Long> bindings) throws ModelContractViolation {
        for (Tensor t : expected) {
            if (!actual.containsKey(t.name())) {
                throw new ModelContractViolation(path, t.name(), "the graph has no " + kind + " '" + t.name()
                        + "' (it declares " + actual.keySet() + ")");
            }
            TensorSpec spec = actual.get(t.name());
            String want = t.type().toString() + t.dims();
            if (spec == null || spec.type() != t.type() || spec.rank() != t.dims().size()) {
                throw new ModelContractViolation(path, t.name(), kind + " '" + t.name() + "' is "
                        + (spec == null ? "of an unsupported element type" : spec.toString()) + ", expected " + want);
            }
            long[] shape = spec.shape();
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0) {
                    continue;
                }
                String dim = t.dims().get(i);
                Long need = dim.chars().allMatch(Character::isDigit) ? Long.valueOf(dim) : bindings.get(dim);
                if (need == null) {
                    bindings.put(dim, shape[i]);
                } else if (need != shape[i]) {
                    throw new ModelContractViolation(path, t.name(), kind + " '" + t.name() + "' has shape "
                            + Arrays.toString(shape) + ", expected " + want + " with " + dim + "=" + need);
                }
            }
        }
    }

    /** The bindings a caller starts from, as a mutable map. */
    public static Map<String, Long> bindings(Object... nameValuePairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            m.put((String) nameValuePairs[i], ((Number) nameValuePairs[i + 1]).longValue());
        }
        return m;
    }
}
