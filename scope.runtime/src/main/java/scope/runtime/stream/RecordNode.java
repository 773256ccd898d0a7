package scope.runtime.stream;

/**
 * A record node of the graph a stream was opened from, and the point of the stream it records: the frames output
 * {@code output} delivers ({@link Stream#tapOutput}) or, for {@link #INPUT}, the input as it arrives
 * ({@link Stream#tapInput}). A record node records nothing by itself: a recorder starts it. Since 1.3.
 *
 * @param nodeId the record node's id in the graph
 * @param output the output it records, or {@link #INPUT}
 */
public record RecordNode(String nodeId, int output) {
    /** The {@link #output} of a record node fed by the source. */
    public static final int INPUT = -1;

    /** Whether it records the stream's input rather than an output. */
    public boolean recordsInput() {
        return output == INPUT;
    }
}
