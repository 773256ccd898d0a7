package scope.api;

/** Where a pipeline sits in a chain. A pipeline with no usage is a main pipeline. */
public enum Usage {
    PREPROCESSOR,
    POSTPROCESSOR;

    /** The JSON value: {@code preprocessor} or {@code postprocessor}. */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
