package scope.pipeline.wan;

/** The tensor element types the contract uses. */
public enum ElementType {
    FLOAT("float"),
    INT64("int64"),
    /** 8-bit pixels (the decoder's frames). */
    UINT8("uint8");

    private final String onnxName;

    ElementType(String onnxName) {
        this.onnxName = onnxName;
    }

    @Override
    public String toString() {
        return onnxName;
    }
}
