package scope.runtime.settings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks, before the HTTP server starts, that the listen address is free. Jetty only logs a failed bind and the
 * process would go on without HTTP; this turns it into a start-up error that names the port.
 */
final class PortCheck {
    private PortCheck() {
    }

    static void requireFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(Loopback.stripBrackets(host), port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): is another server using the port? Start with --port N");
        }
    }
}
