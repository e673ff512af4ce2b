package io.gatescope.ingest.parse.appserver;

import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tomcat's JULI log ({@code 14-Mar-2026 09:10:02.123 INFO [main] org.apache.coyote...}) and Spring
 * Boot's console pattern ({@code 2026-03-14T09:10:02.123Z INFO 1 --- [main] o.s.b.w.e.t.Graceful
 * Shutdown : Commencing graceful shutdown}): the connector paused and started (restarts and
 * deploys), a graceful shutdown, Tomcat 6's pool-busy warning, a JVM out of heap. Modern Tomcat
 * logs nothing when maxThreads is saturated.
 */
public final class JavaServerLineParser {

    private static final Pattern TOMCAT =
            Pattern.compile(
                    "^(\\d{2}-[A-Za-z]{3}-\\d{4} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?) (SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST) \\[[^\\]]*\\] ");
    private static final Pattern SPRING =
            Pattern.compile(
                    "^(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)\\s+(ERROR|WARN|INFO|DEBUG|TRACE)\\s+\\d+ --- \\[");

    private JavaServerLineParser() {}

    /** The event a Tomcat or Spring Boot line reports, or null when the line is neither's. */
    public static UpstreamEvent parse(String line, ZoneId zone, String source) {
        Matcher t = TOMCAT.matcher(line);
        if (t.lookingAt()) {
            long time = ServerTimes.dayMonthYear(t.group(1), zone);
            return event(time, line.substring(t.end()), "tomcat", source, line);
        }
        Matcher s = SPRING.matcher(line);
        if (s.lookingAt()) {
            String ts = s.group(1).replace(' ', 'T');
            long time = Timestamps.parseIso(ts, 0, ts.length(), zone);
            int colon = line.indexOf(" : ", s.end());
            return event(
                    time,
                    colon < 0 ? line.substring(s.end()) : line.substring(colon + 3),
                    "spring-boot",
                    source,
                    line);
        }
        if (line.contains("java.lang.OutOfMemoryError")) {
            return UpstreamEvent.of(Timestamps.INVALID, Signal.CRASH, "jvm", "jvm", source, line);
        }
        return null;
    }

    private static UpstreamEvent event(
            long time, String m, String software, String source, String line) {
        return UpstreamEvent.of(time, signal(m), software, software, source, line);
    }

    private static Signal signal(String m) {
        if (m.contains("java.lang.OutOfMemoryError")) {
            return Signal.CRASH;
        }
        if (m.contains("Commencing graceful shutdown")
                || m.contains("Graceful shutdown complete")
                || m.contains("Pausing ProtocolHandler")
                || m.contains("Stopping ProtocolHandler")
                || m.contains("Stopping service")) {
            return Signal.STOPPING;
        }
        if (m.contains("Starting ProtocolHandler")
                || m.contains("Server startup in")
                || m.contains("Tomcat started on port")
                || m.startsWith("Started ") && m.contains(" in ")) {
            return Signal.STARTED;
        }
        if (m.contains("are currently busy, waiting. Increase maxThreads")
                || m.contains("Queue capacity is full")
                || m.contains("rejected from")
                || m.contains("Executor rejected socket")) {
            return Signal.POOL_FULL;
        }
        return Signal.NOTE;
    }
}
