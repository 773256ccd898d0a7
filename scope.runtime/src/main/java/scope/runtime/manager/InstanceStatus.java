package scope.runtime.manager;

import java.util.Locale;

/** State of one instance slot; the JSON value is the lower-case name. */
public enum InstanceStatus {
    NOT_LOADED, LOADING, LOADED, ERROR;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
