package scope.pipeline.wan.convert;

/** A checkpoint that cannot be converted, naming the file and the key (or config field) at fault. */
public final class ConversionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConversionException(String source, String key, String problem) {
        super(source + ": '" + key + "': " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
