package io.gatescope.ingest.parse.envoy;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.FieldScanner;
import io.gatescope.ingest.parse.LineBytes;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;

/**
 * Envoy's text access logs: the default format ({@code [START_TIME] "METHOD PATH PROTOCOL" CODE
 * FLAGS RX TX DURATION UPSTREAM_TIME "XFF" "UA" "REQUEST_ID" "AUTHORITY" "UPSTREAM_HOST"}) and the
 * Istio variants that put the response code details, the connection termination details and the
 * quoted upstream transport failure reason after the flags and the cluster, local and remote
 * addresses, SNI and route at the end (Istio 1.9 on; 1.3 to 1.8 a quoted mixer status instead).
 * What lies between the flags and the byte counts is read by its shape, so every variant parses
 * without configuration. Not thread-safe.
 */
public final class EnvoyLineParser {

    private final FieldScanner f = new FieldScanner();
    private final LineBytes bytes = new LineBytes();

    /** {@code [2026-03-14T09:10:00.123Z] "}: an ISO time in brackets, then a quoted request. */
    public static boolean looksLikeEnvoy(CharSequence line) {
        if (line.length() > 37 && line.charAt(0) == 'A' && line.toString().startsWith(ACCESS)) {
            return looksLikeEnvoy(line.subSequence(ACCESS.length(), line.length()));
        }
        return line.length() > 30
                && line.charAt(0) == '['
                && line.charAt(5) == '-'
                && line.charAt(11) == 'T'
                && Character.isDigit(line.charAt(1))
                && indexOfClose(line) > 0;
    }

    private static int indexOfClose(CharSequence line) {
        for (int i = 20; i < Math.min(line.length() - 2, 40); i++) {
            if (line.charAt(i) == ']') {
                return line.charAt(i + 1) == ' ' && line.charAt(i + 2) == '"' ? i : -1;
            }
        }
        return -1;
    }

    // Ambassador (Emissary) prefixes Envoy's access lines with this on its stdout.
    private static final String ACCESS = "ACCESS ";

    /** Parses one line; never throws. */
    public LogEvent parse(String line, ZoneId zone, String source) {
        LineBytes b = bytes.set(line.startsWith(ACCESS) ? line.substring(ACCESS.length()) : line);
        f.reset(b);
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        long start = Timestamps.parseIso(b, f.start(), f.end(), zone);
        if (start == Timestamps.INVALID) {
            return Rejection.of("bad-field:start_time", source, line);
        }
        EnvoyAccess a = new EnvoyAccess();
        if (!f.next() || !f.quoted()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        request(f.text(), a);
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        a.code = f.status();
        if (a.code < 0 && !f.is("0")) {
            return Rejection.of("bad-field:response_code", source, line);
        }
        a.code = Math.max(a.code, 0);
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        a.flags = EnvoyAccess.value(f.text());
        // Details, termination details, transport failure reason: until the first number.
        boolean more;
        while ((more = f.next()) && (f.quoted() || f.integer() < 0)) {
            String t = EnvoyAccess.value(f.text());
            if (f.quoted()) {
                a.transportFailure = t; // the last quoted one (an old Istio's mixer status first)
            } else if (a.details.isEmpty() && !f.is("-") && a.termination.isEmpty()) {
                a.details = t;
            } else {
                a.termination = t;
            }
        }
        if (!more) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        // BYTES_RECEIVED, BYTES_SENT, DURATION, upstream service time ("-" when none).
        if (!f.next() || !f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        a.durationMs = f.decimal();
        if (Double.isNaN(a.durationMs)) {
            return Rejection.of("bad-field:duration", source, line);
        }
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        a.upstreamServiceMs = f.decimal();
        String[] quoted = new String[5];
        for (int i = 0; i < quoted.length; i++) {
            if (!f.next()) {
                return Rejection.of(Rejection.TRUNCATED, source, line);
            }
            quoted[i] = EnvoyAccess.value(f.text());
        }
        a.forwardedFor = quoted[0];
        a.authority = quoted[3];
        a.upstreamHost = quoted[4];
        // Istio's tail: cluster, upstream local, downstream local, downstream remote, SNI, route.
        String[] tail = new String[6];
        int n = 0;
        while (n < tail.length && f.next()) {
            tail[n++] = EnvoyAccess.value(f.text());
        }
        if (n >= 1) {
            a.cluster = tail[0];
        }
        if (n >= 4) {
            a.downstreamRemote = tail[3];
        }
        if (n >= 6) {
            a.route = tail[5];
        }
        long end = start + Math.round(a.durationMs);
        AccessEvent e = a.toEvent(end, source, line);
        return e != null ? e : new IgnoredLine(end, "envoy-tcp", source, line);
    }

    /** {@code "GET /api/v1 HTTP/1.1"}: method, path, protocol ("- - -" for TCP). */
    static void request(String r, EnvoyAccess a) {
        int s1 = r.indexOf(' ');
        int s2 = r.lastIndexOf(' ');
        if (s1 < 0) {
            a.method = r;
            return;
        }
        a.method = r.substring(0, s1);
        if (s2 > s1) {
            a.path = r.substring(s1 + 1, s2);
            a.protocol = r.substring(s2 + 1);
        } else {
            a.path = r.substring(s1 + 1);
        }
    }
}
