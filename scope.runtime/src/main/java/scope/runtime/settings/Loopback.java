package scope.runtime.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Loopback decided by address, never by the spelling of a name ("127.evil.example" is not loopback). */
public final class Loopback {
    private Loopback() {
    }

    /** True when {@code host} is a loopback address, or a name whose every address is one. */
    public static boolean isLoopbackOnly(String host) {
        String h = stripBrackets(host.trim());
        if (h.isEmpty()) {
            return false;
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(h);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
