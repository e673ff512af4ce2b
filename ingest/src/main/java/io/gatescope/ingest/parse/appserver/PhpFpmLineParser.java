package io.gatescope.ingest.parse.appserver;

import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * php-fpm's master log ({@code sapi/fpm/fpm/zlog.c}): {@code [14-Mar-2026 09:10:02] WARNING: [pool
 * www] server reached pm.max_children setting (5), consider raising it}; through syslog the time is
 * the header's and the level is written {@code [WARNING] }. Children that died and on which signal,
 * requests past {@code request_terminate_timeout}, the pool full.
 */
public final class PhpFpmLineParser {

    private static final Pattern HEAD =
            Pattern.compile(
                    "^(?:\\[(\\d{2}-[A-Za-z]{3}-\\d{4} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)\\] )?"
                            + "(?:(DEBUG|NOTICE|WARNING|ERROR|ALERT): |\\[(DEBUG|NOTICE|WARNING|ERROR|ALERT)\\] )");
    private static final Pattern CHILD =
            Pattern.compile("child (\\d+) exited (?:on signal (\\d+)[^)]*\\)?|with code (\\d+))");
    private static final Pattern POOL = Pattern.compile("\\[pool ([^\\]]+)\\]");

    private PhpFpmLineParser() {}

    /** The event a php-fpm line reports, or null when the line is not php-fpm's. */
    public static UpstreamEvent parse(String line, ZoneId zone, String source) {
        Matcher h = HEAD.matcher(line);
        if (!h.lookingAt()) {
            return null;
        }
        String m = line.substring(h.end());
        boolean fpm =
                m.startsWith("[pool ")
                        || m.startsWith("fpm is running")
                        || m.startsWith("ready to handle")
                        || m.startsWith("exiting, bye-bye")
                        || m.startsWith("reloading: ")
                        || m.startsWith("failed processes threshold")
                        || m.startsWith("The maximum number of processes");
        if (!fpm) {
            return null;
        }
        long time =
                h.group(1) == null
                        ? Timestamps.INVALID
                        : ServerTimes.dayMonthYear(h.group(1), zone);
        Matcher pool = POOL.matcher(m);
        String subject = pool.lookingAt() ? "pool " + pool.group(1) : "php-fpm";
        return UpstreamEvent.of(time, signal(m), "php-fpm", subject, source, line);
    }

    private static Signal signal(String m) {
        if (m.contains("reached pm.max_children")
                || m.contains("reached max_children")
                || m.startsWith("The maximum number of processes")) {
            return Signal.POOL_FULL;
        }
        if (m.contains("execution timed out")) {
            return Signal.WORKER_TIMEOUT;
        }
        if (m.startsWith("failed processes threshold")) {
            return Signal.CRASH_LOOP;
        }
        Matcher c = CHILD.matcher(m);
        if (c.find()) {
            if (c.group(2) != null) {
                int sig = Integer.parseInt(c.group(2));
                // SIGQUIT and SIGTERM are the master's own graceful and fast stops.
                return sig == 3 || sig == 15 ? Signal.STOPPING : Signal.CRASH;
            }
            return "0".equals(c.group(3)) ? Signal.NOTE : Signal.CRASH;
        }
        if (m.contains("child failed to initialize")) {
            return Signal.CRASH;
        }
        if (m.endsWith(" started")
                || m.startsWith("fpm is running")
                || m.startsWith("ready to handle")) {
            return Signal.STARTED;
        }
        if (m.startsWith("exiting, bye-bye") || m.startsWith("reloading: ")) {
            return Signal.STOPPING;
        }
        return Signal.NOTE;
    }
}
