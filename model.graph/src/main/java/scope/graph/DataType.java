package scope.graph;

import ai.onnx.proto.OnnxMl.TensorProto;

/** ONNX tensor element types the builder writes, with their ONNX codes and sizes. */
public enum DataType {
    FLOAT(TensorProto.DataType.FLOAT_VALUE, 4),
    FLOAT16(TensorProto.DataType.FLOAT16_VALUE, 2),
    BFLOAT16(TensorProto.DataType.BFLOAT16_VALUE, 2),
    INT64(TensorProto.DataType.INT64_VALUE, 8),
    INT32(TensorProto.DataType.INT32_VALUE, 4),
    BOOL(TensorProto.DataType.BOOL_VALUE, 1),
    UINT8(TensorProto.DataType.UINT8_VALUE, 1),
    /** For casts to double (a timestep sinusoid computed as PyTorch does); weights are never stored as double. */
    DOUBLE(TensorProto.DataType.DOUBLE_VALUE, 8);

    private final int onnxCode;
    private final int bytes;

    DataType(int onnxCode, int bytes) {
        this.onnxCode = onnxCode;
        this.bytes = bytes;
    }

    /** The {@code TensorProto.DataType} number. */
    public int onnxCode() {
        return onnxCode;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }
}
