package scope.http;

import java.io.IOException;

/** Tells a client that closed its connection (an everyday event, one debug line) from a real I/O failure. */
final class ClientAborts {
    private ClientAborts() {
    }

    static boolean isClientGone(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            // Jetty's EofException, or the socket's own words
            if (name.equals("EofException") || name.equals("ClosedChannelException")
                    || message.contains("broken pipe") || message.contains("connection reset")) {
                return true;
            }
        }
        return false;
    }
}
