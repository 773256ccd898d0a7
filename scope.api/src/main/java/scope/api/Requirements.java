package scope.api;

/** What a pipeline needs before its next call: the number of input frames per input port. */
public final class Requirements {
    private final int inputSize;

    private Requirements(int inputSize) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("input_size must be at least 1, got " + inputSize);
        }
        this.inputSize = inputSize;
    }

    public static Requirements inputSize(int frames) {
        return new Requirements(frames);
    }

    public int inputSize() {
        return inputSize;
    }

    @Override
    public String toString() {
        return "Requirements[input_size=" + inputSize + "]";
    }
}
