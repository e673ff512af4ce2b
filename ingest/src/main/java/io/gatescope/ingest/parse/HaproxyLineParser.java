package io.gatescope.ingest.parse;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.HealthEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.ProxyDetail;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import java.time.ZoneId;
import java.util.List;

/**
 * HAProxy's HTTP log ({@code %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc
 * %ac/%fc/%bc/%sc/%rc %sq/%bq {hdrs} "request"}), its health-check messages ({@code Server be/srv
 * is DOWN}, {@code backend be has no server available!}) and its other notices. The syslog prefix,
 * if any, has been removed by the caller. Not thread-safe.
 */
public final class HaproxyLineParser {

    private final FieldScanner f = new FieldScanner();

    /** True when the text looks like an HAProxy HTTP log entry: {@code ip:port [dd/Mon/yyyy:}. */
    public static boolean looksLikeHttpLog(String line, int from) {
        int b = line.indexOf(" [", from);
        return b > from
                && b - from < 60
                && line.length() > b + 14
                && line.charAt(b + 4) == '/'
                && line.charAt(b + 8) == '/'
                && line.indexOf(':', from) < b
                && line.indexOf("] \"", b) < 0;
    }

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

    /**
     * Parses the message part of a line.
     *
     * @param from where the message starts (after any syslog prefix)
     * @param prefixTime the syslog prefix's time, or {@link Timestamps#INVALID}
     */
    public LogEvent parse(String line, int from, long prefixTime, ZoneId zone, String source) {
        if (looksLikeHttpLog(line, from)) {
            return parseHttp(line, from, zone, source);
        }
        return parseNotice(line, from, prefixTime, source);
    }

    private LogEvent parseHttp(String line, int from, ZoneId zone, String source) {
        f.reset(line, from, line.length());
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        String clientPort = f.text();
        int c = clientPort.lastIndexOf(':');
        String client = c > 0 ? clientPort.substring(0, c) : clientPort;
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        long accepted = Timestamps.parseClf(line, f.start(), f.end(), zone);
        if (accepted == Timestamps.INVALID) {
            return Rejection.badField("accept_date", source, line);
        }
        if (!f.next() || !f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        String backendServer = f.text();
        int slash = backendServer.indexOf('/');
        if (slash < 0) {
            return Rejection.badField("backend", source, line);
        }
        String backend = backendServer.substring(0, slash);
        String server = backendServer.substring(slash + 1);
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        int[] timers = slashInts(line, f.start(), f.end(), 5);
        if (timers == null) {
            return Rejection.badField("timers", source, line);
        }
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        int status = f.status();
        if (status < 0) {
            return Rejection.badField("status_code", source, line);
        }
        // %B %CC %CS
        if (!f.next() || !f.next() || !f.next() || !f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        String termination = f.text();
        if (termination.length() < 2) {
            return Rejection.badField("termination_state", source, line);
        }
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        int[] conns = slashInts(line, f.start(), f.end(), 5);
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        int[] queues = slashInts(line, f.start(), f.end(), 2);
        if (conns == null || queues == null) {
            return Rejection.badField(conns == null ? "connections" : "queues", source, line);
        }
        String method = "";
        String uri = "";
        String host = "";
        boolean upgrade = false;
        String errorName = null;
        boolean sawRequest = false;
        while (f.next()) {
            String tok = f.text();
            if (f.quoted() && !sawRequest) {
                sawRequest = true;
                int sp1 = tok.indexOf(' ');
                int sp2 = tok.lastIndexOf(' ');
                method = sp1 > 0 ? tok.substring(0, sp1) : tok;
                uri = sp1 > 0 ? tok.substring(sp1 + 1, sp2 > sp1 ? sp2 : tok.length()) : "";
            } else if (!sawRequest && line.charAt(f.start() - 1) == '{') {
                String lower = tok.toLowerCase(java.util.Locale.ROOT);
                upgrade |= lower.contains("websocket");
                if (host.isEmpty()) {
                    int bar = tok.indexOf('|');
                    String first = bar < 0 ? tok : tok.substring(0, bar);
                    if (first.indexOf('.') > 0 && first.indexOf(' ') < 0) {
                        host = first;
                    }
                }
            } else if (sawRequest && isErrorName(tok)) {
                errorName = tok;
            }
        }
        if (!sawRequest && !"<BADREQ>".equals(method)) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        int ta = timers[4];
        long end = accepted + Math.max(0, ta);
        char who = termination.charAt(0);
        boolean serverAnswered = who == '-' || who == 'C' || who == 'c' || who == 'L';
        List<UpstreamTry> tries =
                server.startsWith("<")
                        ? List.of()
                        : List.of(
                                new UpstreamTry(
                                        server,
                                        serverAnswered ? status : -1,
                                        seconds(timers[2]),
                                        seconds(timers[3]),
                                        ta >= 0 && timers[2] >= 0
                                                ? seconds(ta - sum(timers, 2))
                                                : Double.NaN));
        return new AccessEvent(
                end,
                GatewayKind.HAPROXY,
                backend,
                host,
                client,
                method,
                uri,
                status,
                seconds(ta),
                -1,
                upgrade,
                tries,
                new ProxyDetail(
                        termination, timers[1], queues[0], queues[1], conns[2], errorName, null),
                source,
                line);
    }

    /** Time spent before the server was reached: TR + Tw + Tc (phases never reached count 0). */
    private static int sum(int[] t, int upto) {
        int s = 0;
        for (int i = 0; i <= upto; i++) {
            s += Math.max(0, t[i]);
        }
        return s;
    }

    private static double seconds(int millis) {
        return millis < 0 ? Double.NaN : millis / 1000.0;
    }

    private static boolean isErrorName(String tok) {
        return tok.length() >= 4
                && (tok.startsWith("E")
                                && tok.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z' || ch == '_')
                        || tok.startsWith("SSL_"));
    }

    /** {@code a/b/c}: exactly n integers (may be -1, may have a leading '+'), or null. */
    private static int[] slashInts(String line, int s, int e, int n) {
        int[] out = new int[n];
        int k = 0;
        int p = s;
        while (p <= e && k < n) {
            int q = p;
            while (q < e && line.charAt(q) != '/') {
                q++;
            }
            int a = p < q && line.charAt(p) == '+' ? p + 1 : p;
            if (q - a == 2 && line.charAt(a) == '-' && line.charAt(a + 1) == '1') {
                out[k++] = -1;
            } else {
                long v = Numbers.parseLong(line, a, q);
                if (v < 0 || v > Integer.MAX_VALUE) {
                    return null;
                }
                out[k++] = (int) v;
            }
            p = q + 1;
        }
        return k == n && p > e ? out : null;
    }

    private LogEvent parseNotice(String line, int from, long time, String source) {
        int srv = line.indexOf("Server ", from);
        if (srv >= 0) {
            int sp = line.indexOf(' ', srv + 7);
            if (sp > 0) {
                String name = line.substring(srv + 7, sp);
                int slash = name.indexOf('/');
                HealthEvent.HealthState state =
                        line.startsWith(" is DOWN", sp)
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
                            reason(line, sp),
                            source,
                            line);
                }
            }
        }
        int be = line.indexOf("backend ", from);
        int none = line.indexOf(" has no server available", from);
        if (be >= 0 && none > be) {
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

    private static String reason(String line, int from) {
        int r = line.indexOf("reason: ", from);
        if (r < 0) {
            return "";
        }
        int info = line.indexOf(", check duration", r);
        return line.substring(r + 8, info < 0 ? line.length() : info);
    }
}
