package io.gatescope.ingest.parse.platform;

import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import io.gatescope.ingest.parse.Timestamps;
import io.gatescope.ingest.parse.appserver.ServerTimes;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's OOM killer ({@code mm/oom_kill.c}), in every shape it reaches a log: {@code Out of
 * memory: Killed process 6439 (gunicorn) total-vm:...}, {@code Memory cgroup out of memory: ...},
 * before 4.19 {@code Kill process N (x) score N or sacrifice child} then {@code Killed process N
 * (x)}, {@code oom-kill:constraint=...,task=x,pid=N}, {@code x invoked oom-killer:}. Behind a
 * syslog or journal header (the caller strips it), {@code dmesg -T}'s {@code [Sat Mar 14 09:10:02
 * 2026] } or raw dmesg's {@code [12345.678901] } (no wall time).
 */
public final class KernelLineParser {

    private static final Pattern KILLED =
            Pattern.compile("(?:^|: )Kill(?:ed)? process (\\d+) \\(([^)]*)\\)");
    private static final Pattern OOM_KILL =
            Pattern.compile("^oom-kill:constraint=[^,]*.*?,task=([^,]*),pid=(\\d+)");
    private static final Pattern INVOKED = Pattern.compile("^(\\S+) invoked oom-killer: ");

    private KernelLineParser() {}

    /** The event an OOM line reports (with its dmesg stamp, if any), or null. */
    public static UpstreamEvent parse(String line, ZoneId zone, String source) {
        long time = Timestamps.INVALID;
        String m = line;
        if (m.startsWith("[")) {
            int close = m.indexOf("] ");
            if (close < 0) {
                return null;
            }
            String stamp = m.substring(1, close);
            if (ServerTimes.ctimeLength(stamp) == 24) {
                time = ServerTimes.ctime(stamp, zone);
            } else if (!stamp.trim().matches("\\d+\\.\\d+")) {
                return null;
            }
            m = m.substring(close + 2);
        }
        String subject = subject(m);
        return subject == null
                ? null
                : UpstreamEvent.of(time, Signal.OOM_KILL, "kernel", subject, source, line);
    }

    /** The process an OOM line names ({@code gunicorn (pid 6439)}), or null for other lines. */
    static String subject(String m) {
        if (!(m.contains("out of memory")
                || m.contains("Out of memory")
                || m.startsWith("oom")
                || m.startsWith("Killed process")
                || m.contains("invoked oom-killer"))) {
            return null;
        }
        Matcher k = KILLED.matcher(m);
        if (k.find()) {
            return k.group(2) + " (pid " + k.group(1) + ")";
        }
        Matcher o = OOM_KILL.matcher(m);
        if (o.find()) {
            return o.group(1) + " (pid " + o.group(2) + ")";
        }
        Matcher i = INVOKED.matcher(m);
        if (i.find()) {
            return i.group(1);
        }
        Matcher r = Pattern.compile("^oom_reaper: reaped process (\\d+) \\(([^)]*)\\)").matcher(m);
        return r.find() ? r.group(2) + " (pid " + r.group(1) + ")" : null;
    }
}
