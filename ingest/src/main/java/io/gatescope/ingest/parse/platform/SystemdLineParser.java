package io.gatescope.ingest.parse.platform;

import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * systemd's unit messages ({@code src/core/service.c}, {@code unit.c}), as the message after a
 * syslog or journal header: {@code gunicorn.service: Main process exited, code=killed,
 * status=9/KILL}, {@code Failed with result 'oom-kill'.}, {@code A process of this unit has been
 * killed by the OOM killer.}, {@code Scheduled restart job, restart counter is at 3.}, {@code
 * Stopping ...}, {@code Started ...}.
 */
public final class SystemdLineParser {

    private static final Pattern UNIT =
            Pattern.compile("^([\\w@.\\\\:-]+\\.(?:service|scope|socket)): ");
    private static final Pattern COUNTER = Pattern.compile("restart counter is at (\\d+)");

    private SystemdLineParser() {}

    /** The event a systemd message reports, or null; its time is the header's. */
    public static UpstreamEvent parse(String message, long time, String source, String raw) {
        Matcher u = UNIT.matcher(message);
        String unit = u.lookingAt() ? u.group(1) : "";
        String m = u.lookingAt() ? message.substring(u.end()) : message;
        Signal s = signal(m);
        if (s == null) {
            return null;
        }
        UpstreamEvent e =
                UpstreamEvent.of(
                        time, s, "systemd", unit.isEmpty() ? describe(m) : unit, source, raw);
        return unit.isEmpty() ? e : e.withOrigin(Origin.NONE.withWorkload(unit));
    }

    private static Signal signal(String m) {
        if (m.startsWith("A process of this unit has been killed by the OOM killer")
                || m.startsWith("Failed with result 'oom-kill'")) {
            return Signal.OOM_KILL;
        }
        if (m.startsWith("Start request repeated too quickly")
                || m.startsWith("Failed with result 'start-limit-hit'")) {
            return Signal.CRASH_LOOP;
        }
        Matcher c = COUNTER.matcher(m);
        if (m.startsWith("Scheduled restart job") && c.find()) {
            return Integer.parseInt(c.group(1)) >= 3 ? Signal.CRASH_LOOP : Signal.CRASH;
        }
        if (m.startsWith("Main process exited") || m.contains(" process exited, code=")) {
            return m.contains("code=exited, status=0/SUCCESS") ? Signal.STOPPING : Signal.CRASH;
        }
        if (m.startsWith("Failed with result")) {
            return Signal.CRASH;
        }
        if (m.startsWith("Stopping ") || m.startsWith("Stopped ") || m.startsWith("Reloading ")) {
            return Signal.STOPPING;
        }
        if (m.startsWith("Started ") || m.startsWith("Starting ")) {
            return Signal.STARTED;
        }
        if (m.startsWith("Deactivated successfully") || m.startsWith("Consumed ")) {
            return Signal.NOTE;
        }
        return null;
    }

    /** "Started Gunicorn daemon." names the unit's description. */
    private static String describe(String m) {
        int sp = m.indexOf(' ');
        String d = sp < 0 ? m : m.substring(sp + 1);
        return d.endsWith("...")
                ? d.substring(0, d.length() - 3)
                : d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}
