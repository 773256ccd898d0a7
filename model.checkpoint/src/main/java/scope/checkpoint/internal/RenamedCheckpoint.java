package scope.checkpoint.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import scope.checkpoint.Checkpoint;
import scope.checkpoint.CheckpointException;
import scope.checkpoint.StoredTensor;

/** A checkpoint seen under other names: view name -> name in the underlying checkpoint. */
public final class RenamedCheckpoint implements Checkpoint {
    private final Checkpoint base;
    private final Map<String, String> toBase;
    private final List<String> names;

    private RenamedCheckpoint(Checkpoint base, Map<String, String> toBase) {
        this.base = base;
        this.toBase = toBase;
        this.names = List.copyOf(toBase.keySet());
    }

    public static Checkpoint withPrefix(Checkpoint base, String prefix) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String n : base.names()) {
            if (n.startsWith(prefix)) {
                map.put(n.substring(prefix.length()), n);
            }
        }
        return new RenamedCheckpoint(base, map);
    }

    public static Checkpoint stripPrefix(Checkpoint base, String prefix) throws CheckpointException {
        Map<String, String> map = new LinkedHashMap<>();
        for (String n : base.names()) {
            String shortName = n.startsWith(prefix) ? n.substring(prefix.length()) : n;
            String previous = map.putIfAbsent(shortName, n);
            if (previous != null) {
                throw new CheckpointException(base.file(), n, "stripping prefix '" + prefix + "' makes it collide with '"
                        + previous + "'");
            }
        }
        return new RenamedCheckpoint(base, map);
    }

    @Override
    public Path file() {
        return base.file();
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public boolean contains(String name) {
        return toBase.containsKey(name);
    }

    @Override
    public StoredTensor tensor(String name) throws CheckpointException {
        String baseName = toBase.get(name);
        if (baseName == null) {
            throw new CheckpointException(file(), name, "no such tensor" + Tensors.nearby(name, names));
        }
        return base.tensor(baseName);
    }

    @Override
    public Map<String, String> metadata() {
        return base.metadata();
    }

    @Override
    public void close() {
        base.close();
    }

    @Override
    public String toString() {
        return base + " (" + names.size() + " tensors renamed)";
    }
}
