package scope.checkpoint.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import scope.checkpoint.DType;

/**
 * What a {@code torch.save} pickle may refer to: the allow-list of globals and torch's persistent ids. Tensors
 * become {@link TensorRef}s pointing into storages ({@code <archive>/data/<key>} entries of the zip); nothing is
 * read from the storages here.
 */
final class TorchPickle implements Pickle.Environment {
    /** A storage class global ({@code torch.FloatStorage}, ...): the dtype of its elements. */
    record StorageType(String name, DType dtype) {
    }

    /** A persistent id of a storage: the zip entry's key, the dtype and the element count. */
    record StorageRef(String key, DType dtype, long elementCount) {
    }

    /** A tensor as {@code _rebuild_tensor_v2} describes it: a view of a storage. */
    record TensorRef(StorageRef storage, long storageOffset, long[] shape, long[] stride) {
    }

    /** Storage classes by name, as {@code torch.save} names them. */
    static final Map<String, DType> STORAGES;

    static {
        Map<String, DType> m = new LinkedHashMap<>();
        m.put("DoubleStorage", DType.F64);
        m.put("FloatStorage", DType.F32);
        m.put("HalfStorage", DType.F16);
        m.put("BFloat16Storage", DType.BF16);
        m.put("Float8_e4m3fnStorage", DType.F8_E4M3);
        m.put("Float8_e5m2Storage", DType.F8_E5M2);
        m.put("LongStorage", DType.I64);
        m.put("IntStorage", DType.I32);
        m.put("ShortStorage", DType.I16);
        m.put("CharStorage", DType.I8);
        m.put("ByteStorage", DType.U8);
        m.put("BoolStorage", DType.BOOL);
        STORAGES = java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public Object global(String module, String name) throws Pickle.PickleException {
        String full = module + "." + name;
        switch (full) {
            case "collections.OrderedDict":
                return (Pickle.Callable) args -> {
                    if (args.size() != 0) {
                        throw new Pickle.PickleException("collections.OrderedDict called with arguments");
                    }
                    return new LinkedHashMap<Object, Object>();
                };
            case "torch._utils._rebuild_tensor_v2":
                return (Pickle.Callable) TorchPickle::rebuildTensor;
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                // Parameter(data, requires_grad, hooks[, state]): only the data matters here
                return (Pickle.Callable) args -> {
                    if (args.size() < 3 || !(args.get(0) instanceof TensorRef t)) {
                        throw new Pickle.PickleException(full + " without a tensor");
                    }
                    return t;
                };
            default:
                break;
        }
        if (module.equals("torch")) {
            Optional<DType> storage = Optional.ofNullable(STORAGES.get(name));
            if (storage.isPresent()) {
                return new StorageType(full, storage.get());
            }
        }
        throw new Pickle.PickleException("refused pickle global '" + full + "': only tensors, their storages and"
                + " dicts are read (allowed: collections.OrderedDict, torch._utils._rebuild_tensor_v2,"
                + " torch._utils._rebuild_parameter[_with_state], torch.<Type>Storage); no code in the file is run");
    }

    private static Object rebuildTensor(Pickle.Tuple args) throws Pickle.PickleException {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (args.size() < 4 || args.size() > 7 || !(args.get(0) instanceof StorageRef storage)
                || !(args.get(1) instanceof Long offset)) {
            throw new Pickle.PickleException("_rebuild_tensor_v2 with unexpected arguments");
        }
        long[] shape = longs(args.get(2), "size");
        long[] stride = longs(args.get(3), "stride");
        if (shape.length != stride.length) {
            throw new Pickle.PickleException("tensor of size " + Arrays.toString(shape) + " with stride "
                    + Arrays.toString(stride));
        }
        return new TensorRef(storage, offset, shape, stride);
    }

    private static long[] longs(Object o, String what) throws Pickle.PickleException {
        if (!(o instanceof Pickle.Tuple t)) {
            throw new Pickle.PickleException("tensor " + what + " is not a tuple");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.get(i) instanceof Long l)) {
                throw new Pickle.PickleException("tensor " + what + " holds a non-integer");
            }
            out[i] = l;
        }
        return out;
    }

    @Override
    public Object persistentLoad(Object pid) throws Pickle.PickleException {
        // ('storage', storage class, key, location, element count)
        if (pid instanceof Pickle.Tuple t && t.size() == 5 && "storage".equals(t.get(0))
                && t.get(1) instanceof StorageType type && t.get(2) instanceof String key
                && t.get(4) instanceof Long count && count >= 0) {
            return new StorageRef(key, type.dtype(), count);
        }
        throw new Pickle.PickleException("persistent id that is not a torch storage reference");
    }

    @Override
    public Object build(Object target, Object state) throws Pickle.PickleException {
        // torch.save sets a state dict's attributes (its _metadata of module versions) with BUILD: not tensors
        if (target instanceof Map<?, ?> && (state == null || state instanceof Map<?, ?>)) {
            return target;
        }
        throw new Pickle.PickleException("BUILD of " + Pickle.describe(target) + " (only dict attributes are"
                + " accepted)");
    }
}
