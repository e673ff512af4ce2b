package io.gatescope.ingest.parse.appserver;

import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import io.gatescope.ingest.parse.Timestamps;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puma's cluster log ({@code lib/puma/cluster.rb}; every line behind {@code [PID] }, no time of its
 * own: a container runtime's stamp or the line before gives it one): workers terminated for not
 * checking in, workers booted, phased restarts and shutdowns. Puma says nothing when a worker is
 * killed for memory: a worker booted outside a restart is the trace.
 */
public final class PumaLineParser {

    private static final Pattern HEAD = Pattern.compile("^\\[(\\d+)\\] ");

    private PumaLineParser() {}

    /** The event a Puma line reports, or null when the line is not Puma's. */
    public static UpstreamEvent parse(String line, String source) {
        Matcher h = HEAD.matcher(line);
        if (!h.lookingAt()) {
            return null;
        }
        String m = line.substring(h.end());
        Signal s = signal(m);
        return s == null
                ? null
                : UpstreamEvent.of(
                        Timestamps.INVALID, s, "puma", "master " + h.group(1), source, line);
    }

    private static Signal signal(String m) {
        if (m.startsWith("! Terminating timed out worker")) {
            return Signal.WORKER_TIMEOUT;
        }
        if (m.startsWith("- Worker ") && m.contains(" booted in ")) {
            return Signal.STARTED;
        }
        if (m.startsWith("- Worker ") && m.endsWith(" terminating")
                || m.startsWith("- Starting phased worker restart")
                || m.startsWith("- Stopping ") && m.contains("for phased upgrade")
                || m.startsWith("- Gracefully shutting down workers")
                || m.startsWith("* Restarting")
                || m.startsWith("=== puma shutdown")
                || m.startsWith("- Goodbye")) {
            return Signal.STOPPING;
        }
        if (m.startsWith("Error reached top of thread-pool")) {
            return Signal.CRASH;
        }
        if (m.startsWith("* Listening on")
                || m.startsWith("Puma starting")
                || m.startsWith("* Puma version")) {
            return Signal.STARTED;
        }
        return null;
    }
}
