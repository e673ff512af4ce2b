package io.gatescope.ingest.parse.nginx;

import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.Numbers;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;

/**
 * nginx error log lines: {@code YYYY/MM/DD HH:MM:SS [level] PID#TID: *CONN message (errno: text)
 * while phase, client: ..., server: ..., request: "...", upstream: "...", host: "..."}. The time
 * carries no zone; the caller's zone applies.
 */
public final class NginxErrorLineParser {

    private static final String[] CONTEXT_KEYS = {
        ", client: ",
        ", server: ",
        ", request: ",
        ", upstream: ",
        ", host: ",
        ", referrer: ",
        ", resolver: ",
        ", subrequest: "
    };

    /** True when the line starts like an nginx error line. */
    public static boolean looksLikeErrorLine(String line) {
        return line.length() > 20
                && line.charAt(4) == '/'
                && line.charAt(7) == '/'
                && line.charAt(10) == ' '
                && line.charAt(13) == ':'
                && Character.isDigit(line.charAt(0));
    }

    /** Parses one line; never throws. */
    public LogEvent parse(String line, ZoneId zone, String source) {
        long time = Timestamps.parseNginxError(line, 0, zone);
        if (time == Timestamps.INVALID) {
            return Rejection.badField("time", source, line);
        }
        int lb = 19;
        if (line.length() < 22 || line.charAt(lb) != ' ' || line.charAt(lb + 1) != '[') {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        int rb = line.indexOf("] ", lb + 2);
        if (rb < 0) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        String level = line.substring(lb + 2, rb);
        int p = rb + 2;
        int colon = line.indexOf(": ", p);
        if (colon < 0 || line.indexOf('#', p) < 0 || line.indexOf('#', p) > colon) {
            return colon < 0
                    ? Rejection.of(Rejection.TRUNCATED, source, line)
                    : Rejection.badField("pid", source, line);
        }
        p = colon + 2;
        long connection = -1;
        if (p < line.length() && line.charAt(p) == '*') {
            int sp = line.indexOf(' ', p);
            if (sp < 0) {
                return Rejection.of(Rejection.TRUNCATED, source, line);
            }
            connection = Numbers.parseLong(line, p + 1, sp);
            if (connection < 0) {
                return Rejection.badField("connection", source, line);
            }
            p = sp + 1;
        }
        int ctx = line.indexOf(", client: ", p);
        int msgEnd = ctx < 0 ? firstContext(line, p) : ctx;
        String body = line.substring(p, msgEnd);
        int whileAt = body.lastIndexOf(" while ");
        String phase = whileAt < 0 ? "" : body.substring(whileAt + 7);
        String message = whileAt < 0 ? body : body.substring(0, whileAt);
        if (message.isEmpty()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        int errno = errno(message);
        String client = context(line, msgEnd, ", client: ", false);
        String upstream = context(line, msgEnd, ", upstream: ", true);
        return new ErrorEvent(
                time,
                level,
                connection,
                message,
                errno,
                phase,
                client,
                context(line, msgEnd, ", server: ", false),
                context(line, msgEnd, ", request: ", true),
                upstream,
                context(line, msgEnd, ", host: ", true),
                source,
                line);
    }

    private static int firstContext(String line, int from) {
        int best = line.length();
        for (String k : CONTEXT_KEYS) {
            int i = line.indexOf(k, from);
            if (i >= 0 && i < best) {
                best = i;
            }
        }
        return best;
    }

    /** The value of {@code key} in the context part, without quotes; "" when absent. */
    private static String context(String line, int from, String key, boolean quoted) {
        int i = line.indexOf(key, from);
        if (i < 0) {
            return "";
        }
        int s = i + key.length();
        if (quoted && s < line.length() && line.charAt(s) == '"') {
            int e = line.indexOf('"', s + 1);
            return e < 0 ? line.substring(s + 1) : line.substring(s + 1, e);
        }
        int e = line.indexOf(", ", s);
        return e < 0 ? line.substring(s) : line.substring(s, e);
    }

    /** The number in {@code (111: Connection refused)}, or -1. */
    private static int errno(String message) {
        int i = message.indexOf('(');
        while (i >= 0) {
            int p = i + 1;
            int v = 0;
            while (p < message.length() && Character.isDigit(message.charAt(p)) && p - i < 5) {
                v = v * 10 + (message.charAt(p) - '0');
                p++;
            }
            if (p > i + 1 && message.startsWith(": ", p)) {
                return v;
            }
            i = message.indexOf('(', i + 1);
        }
        return -1;
    }
}
