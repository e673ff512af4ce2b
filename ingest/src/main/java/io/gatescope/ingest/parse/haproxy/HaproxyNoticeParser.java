package io.gatescope.ingest.parse.haproxy;

import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.HealthEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.Timestamps;

/**
 * HAProxy's own notices, beside its HTTP log ({@link HaproxyLineParser}): health checks ({@code
 * Server be/srv is DOWN, reason: ...}), {@code backend be has no server available!}, and the rest,
 * which are kept as ignored lines. The syslog prefix, if any, has been removed by the caller.
 */
public final class HaproxyNoticeParser {

    private HaproxyNoticeParser() {}

    /** True when the text is one of HAProxy's own notices. */
    public static boolean looksLikeNotice(String line, int from) {
        return line.startsWith("Server ", from)
                || line.startsWith("backend ", from)
                || line.startsWith("[", from)
                        && (line.startsWith("[WARNING]", from)
                                || line.startsWith("[ALERT]", from)
                                || line.startsWith("[NOTICE]", from))
                || line.startsWith("Proxy ", from)
                || line.startsWith("Health check ", from);
    }

    /** A notice as an event: a health change, a backend without servers, else ignored. */
    static LogEvent parse(String line, int from, long time, String source) {
        int srv = line.indexOf("Server ", from);
        if (srv >= 0) {
            int sp = line.indexOf(' ', srv + 7);
            if (sp > 0) {
                String name = line.substring(srv + 7, sp);
                int slash = name.indexOf('/');
                // A server whose name no longer resolves "is going DOWN for maintenance (DNS NX
                // status)": a failure, unlike maintenance an operator asked for.
                boolean dnsDown = line.startsWith(" is going DOWN for maintenance (DNS", sp);
                HealthEvent.HealthState state =
                        line.startsWith(" is DOWN", sp) || dnsDown
                                ? HealthEvent.HealthState.DOWN
                                : line.startsWith(" is UP", sp) ? HealthEvent.HealthState.UP : null;
                if (slash > 0 && state != null) {
                    if (time == Timestamps.INVALID) {
                        return Rejection.badField("time", source, line);
                    }
                    return new HealthEvent(
                            time,
                            GatewayKind.HAPROXY,
                            name.substring(0, slash),
                            name.substring(slash + 1),
                            state,
                            dnsDown ? dnsReason(line, sp) : reason(line, sp),
                            source,
                            line);
                }
            }
        }
        int be = line.indexOf("backend ", from);
        int none = line.indexOf(" has no server available", from);
        if (be >= 0 && none > be + 8) { // a name between "backend " and " has"
            if (time == Timestamps.INVALID) {
                return Rejection.badField("time", source, line);
            }
            String name = line.substring(be + 8, none).replace("'", "");
            return new HealthEvent(
                    time,
                    GatewayKind.HAPROXY,
                    name,
                    "",
                    HealthEvent.HealthState.NO_SERVER_AVAILABLE,
                    "no server available",
                    source,
                    line);
        }
        return new IgnoredLine(time, "haproxy-notice", source, line);
    }

    /** {@code ... for maintenance (DNS NX status)} -> {@code DNS NX status}. */
    private static String dnsReason(String line, int from) {
        int open = line.indexOf('(', from);
        int close = open < 0 ? -1 : line.indexOf(')', open);
        return close < 0 ? "DNS" : line.substring(open + 1, close);
    }

    private static String reason(String line, int from) {
        int r = line.indexOf("reason: ", from);
        if (r < 0) {
            return "";
        }
        int info = line.indexOf(", check duration", r);
        return line.substring(r + 8, info < 0 ? line.length() : info);
    }
}
