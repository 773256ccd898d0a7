package scope.http;

import org.osgi.service.component.annotations.Component;

/**
 * The {@code server_start_time} that {@code /health} reports. Scope's UI restarts the server after plugin changes
 * and waits until this value changes; plugins here are installed and removed live, so a restart request only
 * renews the value instead of stopping anything.
 */
@Component(service = ServerEpoch.class)
public class ServerEpoch {
    private volatile double startTime = now();

    /** Unix seconds of the start, or of the last restart request. */
    public double startTime() {
        return startTime;
    }

    /** @return the new start time, always later than the previous one */
    public synchronized double renew() {
        double next = Math.max(now(), Math.nextUp(startTime));
        startTime = next;
        return next;
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
