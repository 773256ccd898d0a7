package scope.api.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * UI metadata of a configuration field: the schema's per-field {@code ui} object. Fields without it are not shown
 * in the settings panel and are treated as runtime values.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Ui {
    /** {@code configuration} (settings panel) or {@code input} (input panel). */
    String category() default "configuration";

    /** True when a change needs the pipeline to be reloaded; such fields decide instance reuse. */
    boolean loadParam() default false;

    /** Display order, lower first; negative means unordered. */
    int order() default -1;

    /** A complex component that groups fields: {@code resolution}, {@code noise}, {@code cache}, ... */
    String component() default "";

    /** Modes in which the field is shown; empty means all. */
    String[] modes() default {};

    /** Short label replacing the title in the UI. */
    String label() default "";

    /** The value can be driven by a modulation source. */
    boolean modulatable() default false;

    double modulatableMin() default Double.NaN;

    double modulatableMax() default Double.NaN;
}
