package scope.api.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Validation metadata of a configuration field (Pydantic's {@code Field(...)}). On an enum type only
 * {@link #description()} is used, for the enum's entry under {@code $defs}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.TYPE})
public @interface Param {
    /** Shown as the tooltip in the UI. */
    String description() default "";

    /** Overrides the title derived from the field name ({@code base_seed} -&gt; {@code Base Seed}). */
    String title() default "";

    /** Inclusive lower bound; {@code NaN} means none. */
    double minimum() default Double.NaN;

    /** Inclusive upper bound; {@code NaN} means none. */
    double maximum() default Double.NaN;

    /** The field also accepts {@code null} (schema {@code anyOf [X, {"type":"null"}]}). */
    boolean nullable() default false;
}
