package scope.checkpoint.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for the subset of Python's pickle format (protocols 2 to 5) that {@code torch.save} writes for tensors,
 * dicts, lists and plain values. It runs nothing: a global is only looked up through {@link Environment}, which
 * allows a fixed few (anything else is refused, naming it), and REDUCE only calls what that lookup returned.
 * Values become Java objects: {@code dict} a {@link LinkedHashMap}, {@code list} an {@link ArrayList},
 * {@code tuple} a {@link Tuple}, {@code str} a String, {@code int} a Long (a BigInteger beyond 64 bits),
 * {@code float} a Double, {@code bool} a Boolean, {@code None} null, {@code bytes} a byte[].
 */
final class Pickle {
    /** A malformed or refused pickle; the message says what and where. */
    static final class PickleException extends Exception {
        private static final long serialVersionUID = 1L;

        PickleException(String message) {
            super(message);
        }
    }

    /** A Python tuple. */
    record Tuple(List<Object> items) {
        Tuple {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        int size() {
            return items.size();
        }

        Object get(int i) {
            return items.get(i);
        }
    }

    /** Something a pickle may call with REDUCE (an allowed global). */
    @FunctionalInterface
    interface Callable {
        Object call(Tuple args) throws PickleException;
    }

    /** What the pickle may refer to. */
    interface Environment {
        /** The object a global stands for; throws naming {@code module.name} when it is not allowed. */
        Object global(String module, String name) throws PickleException;

        /** The object of a persistent id (torch: a storage reference). */
        Object persistentLoad(Object pid) throws PickleException;

        /** Applies BUILD's state to an object, returning it; throws when that is not allowed for the object. */
        Object build(Object target, Object state) throws PickleException;
    }

    private final ByteBuffer in;
    private final Environment env;
    /** The values since the last MARK; the stacks of enclosing MARKs wait in {@link #metastack}, as in Python. */
    private List<Object> stack = new ArrayList<>();
    private final List<List<Object>> metastack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private Pickle(ByteBuffer in, Environment env) {
        this.in = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.env = env;
    }

    /** Reads one pickled object (up to STOP). */
    static Object load(ByteBuffer bytes, Environment env) throws PickleException {
        return new Pickle(bytes, env).run();
    }

    private Object run() throws PickleException {
        while (true) {
            if (!in.hasRemaining()) {
                throw new PickleException("ends before STOP (truncated)");
            }
            int at = in.position();
            int op = in.get() & 0xff;
            try {
                if (op == '.') {
                    Object result = pop();
                    if (!stack.isEmpty() || !metastack.isEmpty()) {
                        throw new PickleException("values left on the stack at STOP");
                    }
                    return result;
                }
                step(op);
            } catch (java.nio.BufferUnderflowException e) {
                throw new PickleException("opcode 0x" + Integer.toHexString(op) + " at byte " + at
                        + " runs past the end (truncated)");
            } catch (PickleException e) {
                throw e.getMessage().contains(" at byte ") ? e
                        : new PickleException(e.getMessage() + " (opcode 0x" + Integer.toHexString(op) + " at byte " + at
                                + ")");
            } catch (ClassCastException | IndexOutOfBoundsException e) {
                throw new PickleException("malformed at byte " + at + " (opcode 0x" + Integer.toHexString(op) + ")");
            }
        }
    }

    private void step(int op) throws PickleException {
        switch (op) {
            case 0x80 -> { // PROTO
                int proto = in.get() & 0xff;
                if (proto < 2 || proto > 5) {
                    throw new PickleException("pickle protocol " + proto + " (2 to 5 are read)");
                }
            }
            case 0x95 -> in.getLong(); // FRAME: a length hint only
            case '}' -> push(new LinkedHashMap<Object, Object>()); // EMPTY_DICT
            case ']' -> push(new ArrayList<Object>()); // EMPTY_LIST
            case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
            case '(' -> { // MARK
                metastack.add(stack);
                stack = new ArrayList<>();
            }
            case 'X' -> push(string(uint32())); // BINUNICODE
            case 0x8c -> push(string(in.get() & 0xff)); // SHORT_BINUNICODE
            case 0x8d -> push(string(length64())); // BINUNICODE8
            case 'C' -> push(bytes(in.get() & 0xff)); // SHORT_BINBYTES
            case 'B' -> push(bytes(uint32())); // BINBYTES
            case 0x8e -> push(bytes(length64())); // BINBYTES8
            case 'J' -> push((long) in.getInt()); // BININT
            case 'K' -> push((long) (in.get() & 0xff)); // BININT1
            case 'M' -> push((long) (in.getShort() & 0xffff)); // BININT2
            case 0x8a -> push(longN(in.get() & 0xff)); // LONG1
            case 0x8b -> push(longN(uint32())); // LONG4
            case 'G' -> push(in.order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT (big-endian)
            case 0x88 -> push(Boolean.TRUE); // NEWTRUE
            case 0x89 -> push(Boolean.FALSE); // NEWFALSE
            case 'N' -> push(null); // NONE
            case 't' -> push(new Tuple(popToMark())); // TUPLE
            case 0x85 -> push(new Tuple(popN(1))); // TUPLE1
            case 0x86 -> push(new Tuple(popN(2))); // TUPLE2
            case 0x87 -> push(new Tuple(popN(3))); // TUPLE3
            case 'l' -> push(new ArrayList<>(popToMark())); // LIST
            case 'd' -> { // DICT
                Map<Object, Object> map = new LinkedHashMap<>();
                putAll(map, popToMark());
                push(map);
            }
            case 's' -> { // SETITEM
                Object value = pop();
                Object key = pop();
                dict(peek()).put(key, value);
            }
            case 'u' -> { // SETITEMS
                List<Object> items = popToMark();
                putAll(dict(peek()), items);
            }
            case 'a' -> { // APPEND
                Object value = pop();
                list(peek()).add(value);
            }
            case 'e' -> { // APPENDS
                List<Object> items = popToMark();
                list(peek()).addAll(items);
            }
            case 'q' -> memo.put((long) (in.get() & 0xff), peek()); // BINPUT
            case 'r' -> memo.put(uint32(), peek()); // LONG_BINPUT
            case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
            case 'h' -> push(memo((long) (in.get() & 0xff))); // BINGET
            case 'j' -> push(memo(uint32())); // LONG_BINGET
            case 'c' -> { // GLOBAL: "module\nname\n"
                String module = line();
                String name = line();
                push(env.global(module, name));
            }
            case 0x93 -> { // STACK_GLOBAL
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new PickleException("STACK_GLOBAL without module and name strings");
                }
                push(env.global(m, n));
            }
            case 'R' -> { // REDUCE
                Object args = pop();
                Object callable = pop();
                if (!(callable instanceof Callable c)) {
                    throw new PickleException("REDUCE of " + describe(callable) + ", which is not callable");
                }
                if (!(args instanceof Tuple t)) {
                    throw new PickleException("REDUCE with arguments that are not a tuple");
                }
                push(c.call(t));
            }
            case 'b' -> { // BUILD
                Object state = pop();
                Object target = pop();
                push(env.build(target, state));
            }
            case 'Q' -> push(env.persistentLoad(pop())); // BINPERSID
            case '0' -> pop(); // POP
            case '1' -> popToMark(); // POP_MARK
            case '2' -> push(peek()); // DUP
            default -> throw new PickleException("unsupported pickle opcode 0x" + Integer.toHexString(op)
                    + " (only what torch.save writes for tensors and dicts is read)");
        }
        in.order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void putAll(Map<Object, Object> map, List<Object> items) throws PickleException {
        if (items.size() % 2 != 0) {
            throw new PickleException("odd number of dict items");
        }
        for (int i = 0; i < items.size(); i += 2) {
            Object key = items.get(i);
            Object value = items.get(i + 1);
            map.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) throws PickleException {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw new PickleException("SETITEM on " + describe(o) + ", which is not a dict");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) throws PickleException {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw new PickleException("APPEND on " + describe(o) + ", which is not a list");
    }

    static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws PickleException {
        if (stack.isEmpty()) {
            throw new PickleException("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws PickleException {
        if (stack.isEmpty()) {
            throw new PickleException("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popN(int n) throws PickleException {
        if (stack.size() < n) {
            throw new PickleException("stack underflow");
        }
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return items;
    }

    private List<Object> popToMark() throws PickleException {
        if (metastack.isEmpty()) {
            throw new PickleException("no MARK to pop to");
        }
        List<Object> items = stack;
        stack = metastack.remove(metastack.size() - 1);
        return items;
    }

    private Object memo(long index) throws PickleException {
        if (!memo.containsKey(index)) {
            throw new PickleException("memo entry " + index + " read before it was written");
        }
        return memo.get(index);
    }

    private long uint32() {
        return in.getInt() & 0xffffffffL;
    }

    private int length64() throws PickleException {
        long n = in.getLong();
        if (n < 0 || n > in.remaining()) {
            throw new PickleException("length " + n + " beyond the pickle");
        }
        return (int) n;
    }

    private String string(long length) throws PickleException {
        return new String(bytes(length), StandardCharsets.UTF_8);
    }

    private byte[] bytes(long length) throws PickleException {
        if (length > in.remaining()) {
            throw new PickleException("length " + length + " beyond the pickle");
        }
        byte[] b = new byte[(int) length];
        in.get(b);
        return b;
    }

    /** A little-endian two's-complement integer of n bytes, as LONG1/LONG4 store it. */
    private Object longN(long n) throws PickleException {
        byte[] le = bytes(n);
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String line() throws PickleException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            byte b = in.get();
            if (b == '\n') {
                return sb.toString();
            }
            if (sb.length() > 256) {
                throw new PickleException("GLOBAL name too long");
            }
            sb.append((char) (b & 0xff));
        }
    }
}
