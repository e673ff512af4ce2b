package io.gatescope.ingest.parse.appserver;

import io.gatescope.ingest.event.UpstreamEvent;
import java.time.ZoneId;

/**
 * The application servers' lines, recognised one after another by their own shapes: php-fpm,
 * gunicorn, uWSGI, Puma, Node.js, Tomcat and Spring Boot. Null for a line none of them wrote.
 */
public final class AppServerLines {

    private AppServerLines() {}

    public static UpstreamEvent parse(String line, ZoneId zone, String source) {
        UpstreamEvent e = recognise(line, zone, source);
        if (e == null
                || e.signal() != UpstreamEvent.Signal.STARTED
                        && e.signal() != UpstreamEvent.Signal.NOTE) {
            return e;
        }
        String listens = ListenAddress.in(line);
        return listens.isEmpty() ? e : e.withOrigin(e.origin().withAddresses(listens));
    }

    private static UpstreamEvent recognise(String line, ZoneId zone, String source) {
        if (line.isEmpty()) {
            return null;
        }
        UpstreamEvent e;
        char c = line.charAt(0);
        if (c == '[') {
            if ((e = PhpFpmLineParser.parse(line, zone, source)) != null
                    || (e = GunicornLineParser.parse(line, zone, source)) != null
                    || (e = PumaLineParser.parse(line, source)) != null) {
                return e;
            }
            return null;
        }
        if ((e = UwsgiLineParser.parse(line, zone, source)) != null
                || (e = PhpFpmLineParser.parse(line, zone, source)) != null
                || (e = JavaServerLineParser.parse(line, zone, source)) != null
                || (e = NodeLineParser.parse(line, source)) != null) {
            return e;
        }
        return null;
    }
}
