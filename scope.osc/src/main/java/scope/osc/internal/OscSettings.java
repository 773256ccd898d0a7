package scope.osc.internal;

import java.util.Locale;
import scope.runtime.settings.ScopeSettings;

/**
 * Whether and where OSC listens. UDP carries no credentials, so OSC is on by default only while HTTP listens on
 * loopback (where only this machine can reach it); elsewhere it takes {@code --osc on} / {@code SCOPE_OSC=on} /
 * {@code scope.osc=on}. It binds the HTTP server's address, on the HTTP port's number unless {@code --osc-port} /
 * {@code SCOPE_OSC_PORT} / {@code scope.osc.port} says otherwise (as Scope: TCP and UDP share the number).
 *
 * @param note why OSC is off, else null
 */
record OscSettings(boolean enabled, String host, int port, String note) {

    static OscSettings of(ScopeSettings settings) {
        return of(settings.setting("--osc", "SCOPE_OSC", "scope.osc"),
                settings.setting("--osc-port", "SCOPE_OSC_PORT", "scope.osc.port"), settings.host(), settings.port(),
                settings.isLoopbackOnly());
    }

    static OscSettings of(String switchValue, String portValue, String host, int httpPort, boolean loopbackOnly) {
        int port = httpPort;
        if (portValue != null) {
            try {
                port = Integer.parseInt(portValue.trim());
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                return new OscSettings(false, host, httpPort, "SCOPE_OSC_PORT / --osc-port must be a number from 0 to "
                        + "65535, got '" + portValue + "'");
            }
        }
        if (switchValue == null) {
            return loopbackOnly ? new OscSettings(true, host, port, null)
                    : new OscSettings(false, host, port, "off by default: the server listens on " + host
                            + ", beyond this machine, and OSC has no authentication (set SCOPE_OSC=on to accept it)");
        }
        switch (switchValue.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "1", "yes" -> {
                return new OscSettings(true, host, port, null);
            }
            case "off", "false", "0", "no" -> {
                return new OscSettings(false, host, port, "switched off (SCOPE_OSC / --osc)");
            }
            default -> {
                return new OscSettings(false, host, port, "SCOPE_OSC / --osc must be on or off, got '" + switchValue
                        + "'");
            }
        }
    }
}
