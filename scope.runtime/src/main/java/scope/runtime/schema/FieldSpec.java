package scope.runtime.schema;

import java.lang.reflect.Field;
import java.util.List;
import scope.api.config.Param;
import scope.api.config.Ui;

/**
 * One field of a configuration class, as the schema sees it.
 *
 * @param name         snake_case name
 * @param kind         JSON type of the value (for arrays: of the array itself)
 * @param itemKind     for arrays, the JSON type of the items
 * @param enumType     for enums (or arrays of enums), the enum class
 * @param defaultValue the initial value of the field in a fresh config object, as a plain Java value
 *                     (Long, Double, Boolean, String, List, or the enum's JSON string)
 */
public record FieldSpec(String name, Field field, Kind kind, Kind itemKind, Class<? extends Enum<?>> enumType,
        boolean nullable, Object defaultValue, Double minimum, Double maximum, String title, String description,
        Ui ui) {

    public enum Kind { INTEGER, NUMBER, BOOLEAN, STRING, ENUM, ARRAY }

    /** True when a change of this field needs the pipeline to be reloaded. */
    public boolean isLoadParam() {
        return ui != null && ui.loadParam();
    }

    public List<String> enumValues() {
        return enumType == null ? List.of() : ConfigSchema.enumValues(enumType);
    }

    static String titleOf(String snakeName, Param param) {
        if (param != null && !param.title().isEmpty()) {
            return param.title();
        }
        StringBuilder sb = new StringBuilder();
        for (String part : snakeName.split("_")) {
            if (part.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }
}
