package scope.graph;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a {@link GraphBuilder}'s graph as an ONNX model (opset {@value GraphBuilder#OPSET}, IR version 8).
 *
 * <p>Weights go either inside the {@code .onnx} file or, as ONNX external data, into one file next to it,
 * {@code <model file name>.data} ({@code TensorProto.data_location = EXTERNAL} with {@code location},
 * {@code offset}, {@code length}). A protobuf message stops at 2 GB, so {@link Placement#AUTO} puts the weights
 * outside once they exceed {@link #EXTERNAL_THRESHOLD}. External weights are streamed from their
 * {@link TensorData} through a small buffer into the data file: no weight is held in the heap as a whole.
 */
public final class ModelWriter {
    /** Weight bytes above which {@link Placement#AUTO} writes external data. */
    public static final long EXTERNAL_THRESHOLD = 1_800_000_000L;
    /** Tensors at most this large stay inside the model file even with external data (shapes, scalars). */
    static final long INLINE_LIMIT = 1024;
    private static final int BUFFER = 4 << 20;

    /** Where the weights go. */
    public enum Placement {
        /** Inside the model file up to {@link #EXTERNAL_THRESHOLD} bytes of weights, external above. */
        AUTO,
        /** External data file, whatever the size. */
        EXTERNAL,
        /** Inside the model file (fails when over the threshold). */
        INLINE
    }

    /** What was written: the model file, its data file (null when inline) and the weight bytes. */
    public record Written(Path model, Path data, long weightBytes) {
    }

    private ModelWriter() {
    }

    public static Written write(GraphBuilder graph, Path file, Placement placement) throws IOException {
        long weightBytes = graph.weightBytes();
        boolean external = placement == Placement.EXTERNAL
                || (placement == Placement.AUTO && weightBytes > EXTERNAL_THRESHOLD);
        if (!external && weightBytes > EXTERNAL_THRESHOLD) {
            throw new IllegalArgumentException(file.getFileName() + ": " + weightBytes
                    + " bytes of weights do not fit inside an ONNX file; write them as external data");
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        GraphProto.Builder g = graph.graph().clone().clearInitializer();
        Path dataFile = external ? dir.resolve(file.getFileName() + ".data") : null;
        if (external) {
            try (FileChannel data = FileChannel.open(dataFile, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ExternalData out = new ExternalData(data, dataFile.getFileName().toString());
                for (GraphBuilder.Initializer init : graph.initializers()) {
                    g.addInitializer(init.bytes() <= INLINE_LIMIT ? inline(init) : out.write(init));
                }
                out.flush();
            }
        } else {
            for (GraphBuilder.Initializer init : graph.initializers()) {
                g.addInitializer(inline(init));
            }
        }
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setProducerName("scope.graph")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(GraphBuilder.OPSET))
                .setGraph(g).build();
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            model.writeTo(os);
        }
        return new Written(file, dataFile, weightBytes);
    }

    private static TensorProto.Builder header(GraphBuilder.Initializer init) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(init.name()).setDataType(init.type().onnxCode());
        for (long d : init.dims()) {
            t.addDims(d);
        }
        return t;
    }

    private static TensorProto inline(GraphBuilder.Initializer init) throws IOException {
        byte[] raw = init.raw();
        if (raw == null) {
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(init.bytes())).order(ByteOrder.LITTLE_ENDIAN);
            long[] count = {0};
            init.floats().writeTo(chunk -> {
                count[0] += chunk.remaining();
                if (count[0] > init.floats().size()) {
                    throw new IOException("tensor " + init.name() + " gave more than its " + init.floats().size()
                            + " values");
                }
                encode(init.type(), chunk, bytes);
            });
            checkCount(init, count[0]);
            raw = bytes.array();
        }
        return header(init).setRawData(UnsafeByteOperations.unsafeWrap(raw)).build();
    }

    private static void checkCount(GraphBuilder.Initializer init, long count) throws IOException {
        if (count != init.floats().size()) {
            throw new IOException("tensor " + init.name() + " gave " + count + " of its " + init.floats().size()
                    + " values");
        }
    }

    private static void encode(DataType type, FloatBuffer src, ByteBuffer dst) {
        switch (type) {
            case FLOAT -> Precision.FP32.encode(src, dst);
            case FLOAT16 -> Precision.FP16.encode(src, dst);
            case BFLOAT16 -> Precision.BF16.encode(src, dst);
            default -> throw new IllegalStateException("not a float type: " + type);
        }
    }

    /** The data file being written: tensors appended at aligned offsets through one buffer. */
    private static final class ExternalData {
        private final FileChannel channel;
        private final String location;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        private long written;

        ExternalData(FileChannel channel, String location) {
            this.channel = channel;
            this.location = location;
        }

        TensorProto write(GraphBuilder.Initializer init) throws IOException {
            // page-aligned large tensors can be memory-mapped where they lie
            pad(init.bytes() >= (1 << 20) ? 4096 : 64);
            long offset = position();
            if (init.raw() != null) {
                put(ByteBuffer.wrap(init.raw()));
            } else {
                int elementBytes = init.type().bytes();
                long[] count = {0};
                init.floats().writeTo(chunk -> {
                    count[0] += chunk.remaining();
                    if (count[0] > init.floats().size()) {
                        throw new IOException("tensor " + init.name() + " gave more than its "
                                + init.floats().size() + " values");
                    }
                    while (chunk.hasRemaining()) {
                        int n = Math.min(chunk.remaining(), buffer.remaining() / elementBytes);
                        if (n == 0) {
                            drain();
                            continue;
                        }
                        FloatBuffer part = chunk.slice().limit(n);
                        encode(init.type(), part, buffer);
                        chunk.position(chunk.position() + n);
                    }
                });
                checkCount(init, count[0]);
            }
            long length = position() - offset;
            return header(init).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(entry("location", location))
                    .addExternalData(entry("offset", Long.toString(offset)))
                    .addExternalData(entry("length", Long.toString(length))).build();
        }

        private static StringStringEntryProto entry(String key, String value) {
            return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
        }

        private long position() {
            return written + buffer.position();
        }

        private void pad(int alignment) throws IOException {
            long misalignment = position() % alignment;
            for (long i = misalignment == 0 ? alignment : misalignment; i < alignment; i++) {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                buffer.put((byte) 0);
            }
        }

        private void put(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                int n = Math.min(bytes.remaining(), buffer.remaining());
                buffer.put(bytes.slice().limit(n));
                bytes.position(bytes.position() + n);
            }
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                written += channel.write(buffer);
            }
            buffer.clear();
        }

        void flush() throws IOException {
            drain();
        }
    }
}
