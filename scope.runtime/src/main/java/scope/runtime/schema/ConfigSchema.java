package scope.runtime.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import scope.api.config.Param;
import scope.api.config.Ui;

/**
 * The schema of one configuration class: its fields with types, defaults, bounds and UI metadata.
 *
 * <p>Built by reflection from the public, non-static fields of the class and its superclasses; a field redeclared
 * in a subclass replaces the inherited one in place. Supported field types: {@code int/long/Integer/Long},
 * {@code double/float/Double/Float}, {@code boolean/Boolean}, {@code String}, enums, and {@code List} of those.
 * Anything else is a metadata error reported against the plugin.
 */
public final class ConfigSchema {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Class<?> configClass;
    private final Map<String, FieldSpec> fields;

    private ConfigSchema(Class<?> configClass, Map<String, FieldSpec> fields) {
        this.configClass = configClass;
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** @throws IllegalArgumentException when the class cannot be a configuration class, saying why */
    public static ConfigSchema of(Class<?> configClass) {
        Object defaults = instantiate(configClass);
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = configClass; c != null && c != Object.class; c = c.getSuperclass()) {
            hierarchy.add(0, c);
        }
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        for (Class<?> c : hierarchy) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || !Modifier.isPublic(mod) || f.isSynthetic()) {
                    continue;
                }
                FieldSpec spec = describe(f, defaults);
                fields.put(spec.name(), spec); // a redeclared field keeps the inherited position
            }
        }
        return new ConfigSchema(configClass, fields);
    }

    public Class<?> configClass() {
        return configClass;
    }

    public Map<String, FieldSpec> fields() {
        return fields;
    }

    public FieldSpec field(String name) {
        return fields.get(name);
    }

    /** Field name -&gt; default value (plain Java values; null where the default is null). */
    public Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        fields.values().forEach(f -> d.put(f.name(), f.defaultValue()));
        return d;
    }

    /** The Pydantic-shaped JSON Schema: {@code title}, {@code type}, {@code $defs}, {@code properties}. */
    public ObjectNode toJson() {
        ObjectNode root = NODES.objectNode();
        root.put("title", configClass.getSimpleName());
        root.put("type", "object");
        root.put("additionalProperties", false);
        ObjectNode defs = NODES.objectNode();
        ObjectNode props = NODES.objectNode();
        for (FieldSpec f : fields.values()) {
            if (f.enumType() != null && !defs.has(f.enumType().getSimpleName())) {
                defs.set(f.enumType().getSimpleName(), enumDef(f.enumType()));
            }
            props.set(f.name(), property(f));
        }
        if (!defs.isEmpty()) {
            root.set("$defs", defs);
        }
        root.set("properties", props);
        return root;
    }

    private static ObjectNode enumDef(Class<? extends Enum<?>> type) {
        ObjectNode def = NODES.objectNode();
        ArrayNode values = def.putArray("enum");
        enumValues(type).forEach(values::add);
        def.put("type", "string");
        def.put("title", type.getSimpleName());
        Param p = type.getAnnotation(Param.class);
        if (p != null && !p.description().isEmpty()) {
            def.put("description", p.description());
        }
        return def;
    }

    private ObjectNode property(FieldSpec f) {
        ObjectNode prop = NODES.objectNode();
        ObjectNode typed = NODES.objectNode();
        switch (f.kind()) {
            case ENUM -> typed.put("$ref", "#/$defs/" + f.enumType().getSimpleName());
            case ARRAY -> {
                ObjectNode items = typed.putObject("items");
                if (f.itemKind() == FieldSpec.Kind.ENUM) {
                    items.put("$ref", "#/$defs/" + f.enumType().getSimpleName());
                } else {
                    items.put("type", jsonType(f.itemKind()));
                }
                typed.put("type", "array");
            }
            default -> {
                if (f.minimum() != null) {
                    typed.set("minimum", numberNode(f.kind(), f.minimum()));
                }
                if (f.maximum() != null) {
                    typed.set("maximum", numberNode(f.kind(), f.maximum()));
                }
                typed.put("type", jsonType(f.kind()));
            }
        }
        if (f.nullable()) {
            ArrayNode anyOf = prop.putArray("anyOf");
            anyOf.add(typed);
            anyOf.addObject().put("type", "null");
        } else {
            prop.setAll(typed);
        }
        prop.set("default", toJsonValue(f.defaultValue()));
        prop.put("title", f.title());
        if (!f.description().isEmpty()) {
            prop.put("description", f.description());
        }
        if (f.ui() != null) {
            prop.set("ui", uiNode(f.ui()));
        }
        return prop;
    }

    private static JsonNode numberNode(FieldSpec.Kind kind, double v) {
        return kind == FieldSpec.Kind.INTEGER ? NODES.numberNode((long) v) : NODES.numberNode(v);
    }

    private static ObjectNode uiNode(Ui ui) {
        ObjectNode n = NODES.objectNode();
        n.put("category", ui.category());
        n.put("is_load_param", ui.loadParam());
        if (ui.order() >= 0) {
            n.put("order", ui.order());
        }
        if (!ui.component().isEmpty()) {
            n.put("component", ui.component());
        }
        if (ui.modes().length > 0) {
            ArrayNode modes = n.putArray("modes");
            for (String m : ui.modes()) {
                modes.add(m);
            }
        }
        if (!ui.label().isEmpty()) {
            n.put("label", ui.label());
        }
        if (ui.modulatable()) {
            n.put("modulatable", true);
            if (!Double.isNaN(ui.modulatableMin())) {
                n.put("modulatable_min", ui.modulatableMin());
            }
            if (!Double.isNaN(ui.modulatableMax())) {
                n.put("modulatable_max", ui.modulatableMax());
            }
        }
        return n;
    }

    private static String jsonType(FieldSpec.Kind kind) {
        return switch (kind) {
            case INTEGER -> "integer";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case STRING, ENUM -> "string";
            case ARRAY -> "array";
        };
    }

    /** Plain Java value (as produced by validation) to JSON. */
    public static JsonNode toJsonValue(Object v) {
        return new ObjectMapper().valueToTree(v);
    }

    // ---- validation -------------------------------------------------------------------------------------------

    /**
     * Validates the fields of a JSON object against this schema and returns them as plain, normalised Java values:
     * integers as {@link Long}, numbers as {@link Double}, enums as their JSON string. Keys that are not fields are
     * errors unless named in {@code extraKeys}; those are passed through normalised but unchecked.
     *
     * @throws ValidationException listing every bad field
     */
    public Map<String, Object> validate(JsonNode object, Set<String> extraKeys) throws ValidationException {
        if (object == null || object.isNull()) {
            return new LinkedHashMap<>();
        }
        if (!object.isObject()) {
            throw new ValidationException("$", "expected a JSON object, got " + describe(object));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldSpec f = fields.get(e.getKey());
            if (f == null) {
                if (extraKeys.contains(e.getKey())) {
                    out.put(e.getKey(), plain(e.getValue()));
                } else {
                    errors.add(new FieldError(e.getKey(), "unknown field for " + configClass.getSimpleName()));
                }
                continue;
            }
            try {
                out.put(f.name(), coerce(f, e.getValue()));
            } catch (IllegalArgumentException ex) {
                errors.add(new FieldError(f.name(), ex.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return out;
    }

    private static Object coerce(FieldSpec f, JsonNode v) {
        if (v.isNull()) {
            if (!f.nullable()) {
                throw new IllegalArgumentException("must not be null");
            }
            return null;
        }
        if (f.kind() == FieldSpec.Kind.ARRAY) {
            if (!v.isArray()) {
                throw new IllegalArgumentException("expected an array, got " + describe(v));
            }
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                try {
                    items.add(scalar(f.itemKind(), f.enumType(), null, null, v.get(i)));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("item " + i + ": " + ex.getMessage());
                }
            }
            if (f.itemKind() == FieldSpec.Kind.INTEGER) {
                for (int i = 0; i < items.size(); i++) {
                    requireInt(items.get(i), "item " + i + ": ");
                }
            }
            return items;
        }
        Object value = scalar(f.kind(), f.enumType(), f.minimum(), f.maximum(), v);
        Class<?> t = f.field().getType();
        if (f.kind() == FieldSpec.Kind.INTEGER && (t == int.class || t == Integer.class)) {
            requireInt(value, "");
        }
        return value;
    }

    /** Integers bound to Java {@code int} fields must fit one: nothing is silently truncated. */
    private static void requireInt(Object value, String prefix) {
        if (value instanceof Long n && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(prefix + "integer out of range (at most " + Integer.MAX_VALUE
                    + "), got " + n);
        }
    }

    private static Object scalar(FieldSpec.Kind kind, Class<? extends Enum<?>> enumType, Double min, Double max,
            JsonNode v) {
        switch (kind) {
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw new IllegalArgumentException("expected a boolean, got " + describe(v));
                }
                return v.booleanValue();
            }
            case STRING -> {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException("expected a string, got " + describe(v));
                }
                return v.textValue();
            }
            case ENUM -> {
                List<String> allowed = enumValues(enumType);
                if (!v.isTextual() || !allowed.contains(v.textValue())) {
                    throw new IllegalArgumentException("expected one of " + allowed + ", got " + describe(v));
                }
                return v.textValue();
            }
            case INTEGER -> {
                if (!v.isNumber() || (!v.isIntegralNumber() && v.doubleValue() != Math.rint(v.doubleValue()))) {
                    throw new IllegalArgumentException("expected an integer, got " + describe(v));
                }
                if (v.isIntegralNumber() ? !v.canConvertToLong() : Math.abs(v.doubleValue()) >= 0x1p63) {
                    throw new IllegalArgumentException("integer out of range, got " + describe(v));
                }
                long n = v.isIntegralNumber() ? v.longValue() : (long) v.doubleValue();
                checkBounds(n, min, max);
                return n;
            }
            case NUMBER -> {
                if (!v.isNumber()) {
                    throw new IllegalArgumentException("expected a number, got " + describe(v));
                }
                double d = v.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("expected a finite number");
                }
                checkBounds(d, min, max);
                return d;
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static void checkBounds(double v, Double min, Double max) {
        if (min != null && v < min) {
            throw new IllegalArgumentException("must be >= " + fmt(min) + ", got " + fmt(v));
        }
        if (max != null && v > max) {
            throw new IllegalArgumentException("must be <= " + fmt(max) + ", got " + fmt(v));
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    static String describe(JsonNode v) {
        String text = v.toString();
        if (text.length() > 40) {
            text = text.substring(0, 40) + "...";
        }
        String type = v.isTextual() ? "string" : v.isBoolean() ? "boolean" : v.isNumber() ? "number"
                : v.isArray() ? "array" : v.isObject() ? "object" : "null";
        return type + " " + text;
    }

    /** A JSON value as a plain Java value, numbers normalised (integral -&gt; Long, else Double). */
    public static Object plain(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                return v.longValue();
            }
            return d == Math.rint(d) && Math.abs(d) < 9e15 ? (Object) (long) d : (Object) d;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(x -> list.add(plain(x)));
            return list;
        }
        Map<String, Object> map = new java.util.TreeMap<>();
        v.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
        return map;
    }

    // ---- binding ----------------------------------------------------------------------------------------------

    /** A fresh config object with the given (validated) values on top of the defaults. */
    public Object bind(Map<String, Object> values) {
        Object config = instantiate(configClass);
        for (FieldSpec f : fields.values()) {
            if (!values.containsKey(f.name())) {
                continue;
            }
            try {
                f.field().set(config, toFieldValue(f, values.get(f.name())));
            } catch (IllegalAccessException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot set " + f.name() + " on " + configClass.getName(), e);
            }
        }
        return config;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object toFieldValue(FieldSpec f, Object v) {
        Class<?> t = f.field().getType();
        if (v == null) {
            return null; // validation only lets null through for nullable (boxed) fields
        }
        switch (f.kind()) {
            case INTEGER:
                return (t == long.class || t == Long.class) ? (Object) ((Number) v).longValue() : (Object) ((Number) v).intValue();
            case NUMBER:
                return (t == float.class || t == Float.class) ? (Object) ((Number) v).floatValue() : (Object) ((Number) v).doubleValue();
            case ENUM:
                return enumConstant((Class) f.enumType(), (String) v);
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object item : (List<?>) v) {
                    if (f.itemKind() == FieldSpec.Kind.ENUM) {
                        out.add(enumConstant((Class) f.enumType(), (String) item));
                    } else if (f.itemKind() == FieldSpec.Kind.INTEGER && item != null) {
                        out.add(((Number) item).intValue());
                    } else if (f.itemKind() == FieldSpec.Kind.NUMBER && item != null) {
                        out.add(((Number) item).doubleValue());
                    } else {
                        out.add(item);
                    }
                }
                return out;
            }
            default:
                return v;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<? extends Enum> type, String jsonValue) {
        for (Enum<?> c : type.getEnumConstants()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(jsonValue)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no constant " + jsonValue + " in " + type.getSimpleName());
    }

    // ---- reflection -------------------------------------------------------------------------------------------

    public static List<String> enumValues(Class<? extends Enum<?>> type) {
        List<String> values = new ArrayList<>();
        for (Enum<?> c : type.getEnumConstants()) {
            values.add(c.name().toLowerCase(Locale.ROOT));
        }
        return values;
    }

    private static Object instantiate(Class<?> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("config class " + type.getName()
                    + " needs a public no-argument constructor: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static FieldSpec describe(Field f, Object defaults) {
        String name = snake(f.getName());
        Param param = f.getAnnotation(Param.class);
        Ui ui = f.getAnnotation(Ui.class);
        Class<?> t = f.getType();
        FieldSpec.Kind kind;
        FieldSpec.Kind itemKind = null;
        Class<? extends Enum<?>> enumType = null;
        if (List.class.isAssignableFrom(t)) {
            kind = FieldSpec.Kind.ARRAY;
            Type g = f.getGenericType();
            if (!(g instanceof ParameterizedType pt) || !(pt.getActualTypeArguments()[0] instanceof Class<?> item)) {
                throw new IllegalArgumentException("field " + f.getName() + ": List needs a concrete item type");
            }
            itemKind = scalarKind(item, f);
            if (itemKind == FieldSpec.Kind.ENUM) {
                enumType = (Class<? extends Enum<?>>) item;
            }
        } else {
            kind = scalarKind(t, f);
            if (kind == FieldSpec.Kind.ENUM) {
                enumType = (Class<? extends Enum<?>>) t;
            }
        }
        Object raw;
        try {
            raw = f.get(defaults);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("field " + f.getName() + " is not accessible", e);
        }
        boolean nullable = param != null && param.nullable();
        if (nullable && f.getType().isPrimitive()) {
            throw new IllegalArgumentException("field " + f.getName() + " is nullable but has primitive type " + t);
        }
        if (raw == null && !nullable) {
            throw new IllegalArgumentException("field " + f.getName() + " defaults to null but is not nullable");
        }
        Double min = param != null && !Double.isNaN(param.minimum()) ? param.minimum() : null;
        Double max = param != null && !Double.isNaN(param.maximum()) ? param.maximum() : null;
        String description = param != null ? param.description() : "";
        return new FieldSpec(name, f, kind, itemKind, enumType, nullable, plainDefault(raw), min, max,
                FieldSpec.titleOf(name, param), description, ui);
    }

    private static Object plainDefault(Object raw) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Float || raw instanceof Double) {
            return ((Number) raw).doubleValue();
        }
        if (raw instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plainDefault(x)));
            return out;
        }
        return raw;
    }

    private static FieldSpec.Kind scalarKind(Class<?> t, Field f) {
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return FieldSpec.Kind.INTEGER;
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return FieldSpec.Kind.NUMBER;
        }
        if (t == boolean.class || t == Boolean.class) {
            return FieldSpec.Kind.BOOLEAN;
        }
        if (t == String.class) {
            return FieldSpec.Kind.STRING;
        }
        if (t.isEnum()) {
            return FieldSpec.Kind.ENUM;
        }
        throw new IllegalArgumentException("field " + f.getName() + " has unsupported type " + t.getName());
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
