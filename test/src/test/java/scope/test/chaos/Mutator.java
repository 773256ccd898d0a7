package scope.test.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a valid JSON body into a hostile one, reproducibly from a seed: values of the wrong type or beyond range,
 * keys dropped or added, deep nesting, huge strings, then (sometimes) damage to the bytes themselves - truncation,
 * flipped bytes, trailing content, invalid UTF-8, duplicate keys.
 */
final class Mutator {
    // deep documents are among the cases: the client side must be able to write them
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder()
                    .maxNestingDepth(100_000).build()).build());
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final SplittableRandom random;

    Mutator(long seed) {
        random = new SplittableRandom(seed);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean nextBoolean() {
        return random.nextBoolean();
    }

    byte[] mutate(String template) {
        JsonNode tree;
        try {
            tree = JSON.readTree(template);
        } catch (Exception e) {
            throw new IllegalArgumentException(template, e);
        }
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            tree = editTree(tree);
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return random.nextInt(4) == 0 ? damage(bytes) : bytes;
    }

    private JsonNode editTree(JsonNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty() || random.nextInt(20) == 0) {
            return hostileValue();
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            switch (random.nextInt(3)) {
                case 0 -> {
                    if (!keys.isEmpty()) {
                        o.remove(keys.get(random.nextInt(keys.size())));
                    }
                }
                case 1 -> o.set(randomKey(), hostileValue());
                default -> {
                    if (!keys.isEmpty()) {
                        o.set(keys.get(random.nextInt(keys.size())), hostileValue());
                    }
                }
            }
        } else if (target instanceof ArrayNode a) {
            if (a.size() > 0 && random.nextBoolean()) {
                a.set(random.nextInt(a.size()), hostileValue());
            } else {
                a.add(hostileValue());
            }
        }
        return root;
    }

    /** Every container of the tree, without recursion: earlier edits may have nested thousands deep. */
    private static void collect(JsonNode root, List<JsonNode> out) {
        java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n instanceof ContainerNode<?>) {
                out.add(n);
                n.forEach(todo::push);
            }
        }
    }

    private String randomKey() {
        String[] keys = {"pipeline_id", "pipelines", "node_id", "load_params", "height", "width", "base_seed",
            "prompts", "sdp", "type", "candidates", "__proto__", "", "ключ", "a".repeat(300)};
        return keys[random.nextInt(keys.length)];
    }

    JsonNode hostileValue() {
        return switch (random.nextInt(22)) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(1e308);
            case 2 -> F.numberNode(-1e308);
            case 3 -> F.numberNode(Long.MAX_VALUE);
            case 4 -> F.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 5 -> F.numberNode(-1);
            case 6 -> F.numberNode(0);
            case 7 -> F.numberNode(0.5);
            case 8 -> F.numberNode(2147483648L);
            case 9 -> F.textNode("");
            case 10 -> F.textNode("x".repeat(100_000));
            case 11 -> F.textNode("../../etc/passwd");
            case 12 -> F.textNode("\u0000\uFFFF\uD83D\uDE00 ünï");
            case 13 -> F.booleanNode(random.nextBoolean());
            case 14 -> F.arrayNode();
            case 15 -> F.objectNode();
            case 16 -> deep(random.nextBoolean() ? 200 : 3000);
            case 17 -> {
                ArrayNode a = F.arrayNode();
                for (int i = 0; i < 10_000; i++) {
                    a.add(i);
                }
                yield a;
            }
            case 18 -> F.textNode("gray");
            case 19 -> F.textNode("passthrough");
            case 20 -> F.numberNode(Double.MIN_VALUE);
            default -> F.textNode("%00%ZZ<script>");
        };
    }

    private static JsonNode deep(int depth) {
        JsonNode n = F.arrayNode();
        for (int i = 0; i < depth; i++) {
            ArrayNode a = F.arrayNode();
            a.add(n);
            n = a;
        }
        return n;
    }

    byte[] damage(byte[] b) {
        switch (random.nextInt(6)) {
            case 0:
                return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
            case 1: {
                byte[] c = b.clone();
                for (int i = 0; i < 1 + random.nextInt(4) && c.length > 0; i++) {
                    c[random.nextInt(c.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return c;
            }
            case 2:
                return concat(b, " {\"extra\": true}".getBytes(StandardCharsets.UTF_8));
            case 3:
                return concat(b, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
            case 4: {
                String s = new String(b, StandardCharsets.UTF_8);
                return s.startsWith("{") && s.length() > 2
                        ? ("{\"a\":1,\"a\":2," + s.substring(1)).getBytes(StandardCharsets.UTF_8) : b;
            }
            default:
                return "{".repeat(5000).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
