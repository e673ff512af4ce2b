package io.gatescope.ingest.parse.appserver;

import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;

/**
 * uWSGI's log ({@code core/master.c}, {@code master_utils.c}; the verbose lines behind a ctime
 * stamp: {@code Tue Jan 9 04:04:46 2024 - *** uWSGI listen queue of socket ... full !!! ***}): the
 * listen queue full, HARAKIRI (a worker past its time limit), workers that died ("DAMN !") and were
 * respawned, respawn storms, its request lines.
 */
public final class UwsgiLineParser {

    private UwsgiLineParser() {}

    /** The event a uWSGI line reports, or null when the line is not uWSGI's. */
    public static UpstreamEvent parse(String line, ZoneId zone, String source) {
        long time = Timestamps.INVALID;
        String m = line;
        int c = ServerTimes.ctimeLength(line);
        if (c > 0 && line.startsWith(" - ", c)) {
            time = ServerTimes.ctime(line.substring(0, c), zone);
            m = line.substring(c + 3);
        } else if (line.startsWith("*** Starting uWSGI ")) {
            // "*** Starting uWSGI 2.0.23 (64bit) on [Sat Mar 14 08:30:00 2026] ***"
            int open = line.indexOf(" on [");
            int len = open < 0 ? 0 : ServerTimes.ctimeLength(line.substring(open + 5));
            if (len > 0) {
                time = ServerTimes.ctime(line.substring(open + 5, open + 5 + len), zone);
            }
        }
        Signal s = signal(m);
        return s == null ? null : UpstreamEvent.of(time, s, "uwsgi", subject(m), source, line);
    }

    private static Signal signal(String m) {
        if (m.startsWith("*** uWSGI listen queue of socket") && m.contains(" full !!!")) {
            return Signal.POOL_FULL;
        }
        if (m.startsWith("*** HARAKIRI ON WORKER")
                || m.startsWith("HARAKIRI triggered")
                || m.startsWith("HARAKIRI: --- uWSGI worker")) {
            return Signal.WORKER_TIMEOUT;
        }
        if (m.startsWith("DAMN ! worker")) {
            return Signal.CRASH;
        }
        if (m.startsWith("worker respawning too fast")) {
            return Signal.CRASH_LOOP;
        }
        if (m.startsWith("Respawned uWSGI worker")
                || m.startsWith("spawned uWSGI worker")
                || m.startsWith("spawned uWSGI master process")) {
            return Signal.STARTED;
        }
        if (m.startsWith("...gracefully killing workers")
                || m.startsWith("...brutally killing workers")
                || m.startsWith("Gracefully killing worker")
                || m.startsWith("SIGINT/SIGTERM received")
                || m.startsWith("goodbye to uWSGI")) {
            return Signal.STOPPING;
        }
        if (m.startsWith("[pid: ") && m.contains("|app: ")
                || m.startsWith("*** uWSGI is running")
                || m.startsWith("uwsgi socket ") && m.contains(" bound to ")
                || m.startsWith("*** Starting uWSGI")
                || m.contains("The work of process") && m.contains("is done")) {
            return Signal.NOTE;
        }
        return null;
    }

    private static String subject(String m) {
        int w = m.indexOf("worker ");
        if (w < 0) {
            w = m.indexOf("WORKER ");
        }
        if (w >= 0) {
            int end = w + 7;
            while (end < m.length() && Character.isDigit(m.charAt(end))) {
                end++;
            }
            if (end > w + 7) {
                return "worker " + m.substring(w + 7, end);
            }
        }
        return "uwsgi";
    }
}
