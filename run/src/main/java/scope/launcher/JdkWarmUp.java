package scope.launcher;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;

/**
 * JDK initialisations the bundles need during start-up, done ahead on a second thread while the framework reads its
 * storage: the bundle activation runs on one thread, so on a multi-core machine this work leaves its critical path.
 *
 * <p>Each step fills a cache of the JDK that the later caller finds filled; nothing here is a bundle's class or
 * state, so it cannot change what the bundles see. The largest is the set of available locales (60-90 ms cold),
 * which Jetty's {@code MimeTypes} builds in its static initialiser; Jackson's date format and slf4j-simple's time
 * stamps need the calendar and date-format data.
 */
final class JdkWarmUp {
    private JdkWarmUp() {
    }

    static void start() {
        Thread t = new Thread(JdkWarmUp::run, "scope-jdk-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try {
            Locale.getAvailableLocales();
            new SimpleDateFormat("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).format(new Date());
            String.format(Locale.ROOT, "%s %d %.1f", "", 1, 1.0);
        } catch (RuntimeException e) {
            // only a head start: whatever fails here fails again, and is reported, where it is needed
        }
    }
}
