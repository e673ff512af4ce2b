package io.gatescope.ingest.parse.appserver;

import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gunicorn's error log ({@code glogging.py}: {@code [2024-09-16 11:16:08 -0400] [780833] [CRITICAL]
 * WORKER TIMEOUT (pid:780834)}): workers killed past {@code --timeout}, workers sent SIGKILL (since
 * 21.0 with "Perhaps out of memory?"; before, nothing was logged), boots and shutdowns.
 */
public final class GunicornLineParser {

    private static final Pattern HEAD =
            Pattern.compile(
                    "^(?:\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?: [+-]\\d{4})?)\\] )?"
                            + "\\[(\\d+)\\] \\[(DEBUG|INFO|WARNING|ERROR|CRITICAL)\\] ");
    private static final Pattern SENT =
            Pattern.compile("Worker \\(pid:(\\d+)\\) was sent (SIG\\w+|\\w+)!");

    private GunicornLineParser() {}

    /** The event a gunicorn line reports, or null when the line is not gunicorn's. */
    public static UpstreamEvent parse(String line, ZoneId zone, String source) {
        Matcher h = HEAD.matcher(line);
        if (!h.lookingAt()) {
            return null;
        }
        String m = line.substring(h.end());
        long time = Timestamps.INVALID;
        if (h.group(1) != null) {
            // "2024-09-16 11:16:08 -0400": ISO with a space and an offset without colon.
            String iso = h.group(1).replace(' ', 'T').replaceFirst("T([+-])", "$1");
            time = Timestamps.parseIso(iso, 0, iso.length(), zone);
        }
        return UpstreamEvent.of(time, signal(m), "gunicorn", "master " + h.group(2), source, line);
    }

    private static Signal signal(String m) {
        if (m.startsWith("WORKER TIMEOUT")) {
            return Signal.WORKER_TIMEOUT;
        }
        Matcher s = SENT.matcher(m);
        if (s.lookingAt()) {
            return switch (s.group(2)) {
                case "SIGKILL" -> Signal.OOM_KILL; // gunicorn itself never sends it first
                case "SIGABRT" -> Signal.WORKER_TIMEOUT; // what the arbiter sends at the timeout
                case "SIGTERM", "SIGQUIT", "SIGINT" -> Signal.STOPPING;
                default -> Signal.CRASH;
            };
        }
        if (m.startsWith("Worker (pid:") && m.contains("exited with code")) {
            return Signal.CRASH;
        }
        if (m.startsWith("Worker failed to boot") || m.startsWith("App failed to load")) {
            return Signal.CRASH;
        }
        if (m.startsWith("Booting worker")
                || m.startsWith("Starting gunicorn")
                || m.startsWith("Listening at")) {
            return Signal.STARTED;
        }
        if (m.startsWith("Handling signal: term")
                || m.startsWith("Handling signal: int")
                || m.startsWith("Handling signal: quit")
                || m.startsWith("Shutting down")) {
            return Signal.STOPPING;
        }
        return Signal.NOTE;
    }
}
