package io.gatescope.ingest.parse.haproxy;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.ProxyDetail;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.FieldScanner;
import io.gatescope.ingest.parse.LineBytes;
import io.gatescope.ingest.parse.MinuteCache;
import io.gatescope.ingest.parse.OneTryView;
import io.gatescope.ingest.parse.SliceInterner;
import io.gatescope.ingest.parse.Timestamps;
import io.gatescope.ingest.parse.nginx.NginxAccessLineParser;
import java.time.ZoneId;
import java.util.List;

/**
 * HAProxy's HTTP log ({@code %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc
 * %ac/%fc/%bc/%sc/%rc %sq/%bq {hdrs} "request"}); any other line is one of its notices ({@link
 * HaproxyNoticeParser}: health checks, {@code backend be has no server available!}). The syslog
 * prefix, if any, has been removed by the caller. Not thread-safe.
 */
public final class HaproxyLineParser {

    private final FieldScanner f = new FieldScanner();
    private final LineBytes bytes = new LineBytes();
    // Backends and servers repeat on every line: shared, not copied.
    private final SliceInterner names = new SliceInterner();
    private final MinuteCache acceptDates = new MinuteCache();

    /** True when the text looks like an HAProxy HTTP log entry: {@code ip:port [dd/Mon/yyyy:}. */
    public static boolean looksLikeHttpLog(String line, int from) {
        return looksLikeHttpLog(LineBytes.of(line.substring(from)), 0);
    }

    /** {@link #looksLikeHttpLog(String, int)} for a line read as bytes (offsets in bytes). */
    static boolean looksLikeHttpLog(LineBytes line, int from) {
        return looksLikeHttpLog(line, from, UNKNOWN, false);
    }

    private static final int UNKNOWN = Integer.MIN_VALUE;

    /**
     * {@link #looksLikeHttpLog(LineBytes, int)}, told the line's first {@code " ["} ({@code
     * knownOpen}: -1 none, {@link #UNKNOWN} not searched), which is also the first from {@code
     * from} on unless it lies before, and whether {@code "] \""} follows it: no search made twice.
     */
    private static boolean looksLikeHttpLog(
            LineBytes line, int from, int knownOpen, boolean knownClosed) {
        int b =
                knownOpen == UNKNOWN || knownOpen >= 0 && knownOpen < from
                        ? NginxAccessLineParser.TIME_OPENS.find(line, from)
                        : knownOpen;
        return b > from
                && b - from < 60
                && line.length() > b + 14
                && line.charAt(b + 4) == '/'
                && line.charAt(b + 8) == '/'
                && line.indexOf(':', from) < b
                && !(b == knownOpen
                        ? knownClosed
                        : NginxAccessLineParser.TIME_CLOSES.find(line, b) >= 0);
    }

    /**
     * Parses the message part of a line.
     *
     * @param from where the message starts (after any syslog prefix)
     * @param prefixTime the syslog prefix's time, or {@link Timestamps#INVALID}
     */
    public LogEvent parse(String line, int from, long prefixTime, ZoneId zone, String source) {
        LineBytes b = bytes.set(line);
        // The caller's offset counts chars; the bytes before it may be more (UTF-8).
        int at = from == 0 ? 0 : line.substring(0, from).getBytes(UTF_8).length;
        if (!looksLikeHttpLog(b, at)) {
            return HaproxyNoticeParser.parse(line, from, prefixTime, source);
        }
        String clientError = clientConnectionError(line, from);
        if (clientError != null) {
            // A client's failed handshake or dropped connection: nothing about the servers.
            return new IgnoredLine(prefixTime, "haproxy-client:" + clientError, source, line);
        }
        return parseHttp(b, at, zone, source, line);
    }

    /**
     * Reads an HTTP log entry in place into {@code out}: true when it is a request the full parse
     * accepts, with the same time, status, backend, server and times; false leaves the line to
     * {@link #parse} (also every line with captured headers, which only the full parse reads).
     */
    public boolean scan(
            LineBytes line,
            int from,
            ZoneId zone,
            OneTryView out,
            int knownOpen,
            boolean knownClosed) {
        if (!looksLikeHttpLog(line, from, knownOpen, knownClosed)
                || read(line, from, zone) != null) {
            return false;
        }
        while (f.next()) {
            if (f.quoted()) {
                boolean tried = line.charAt(serverFrom) != '<';
                out.set(
                        GatewayKind.HAPROXY,
                        accepted + Math.max(0, timers[4]),
                        status,
                        HaproxyFields.seconds(timers[4]),
                        false,
                        names.intern(line, backendFrom, serverFrom - 1),
                        tried ? names.intern(line, serverFrom, serverTo) : null,
                        serverTime());
                return true;
            }
            if (line.charAt(f.start()) == '{') {
                return false;
            }
        }
        return false;
    }

    // Where read() found each field of the current entry: parse and scan take what they need.
    private long accepted;
    private int status;
    private int clientFrom;
    private int clientTo;
    private int backendFrom;
    private int serverFrom; // just after the slash
    private int serverTo;
    private int terminationFrom;
    private int terminationTo;
    private final int[] timers = new int[5];
    private final int[] tcpTimers = new int[3];
    private boolean tcp;
    private final int[] conns = new int[5];
    private final int[] queues = new int[2];

    /** Finds the fields up to the queues; null when they are valid, else the rejection's reason. */
    private String read(LineBytes line, int from, ZoneId zone) {
        f.reset(line, from, line.length());
        if (!f.next()) {
            return Rejection.TRUNCATED;
        }
        clientFrom = f.start();
        clientTo = f.end();
        if (!f.next()) {
            return Rejection.TRUNCATED;
        }
        accepted = acceptDates.parse(line, f.start(), f.end(), zone);
        if (accepted == Timestamps.INVALID) {
            return "accept_date";
        }
        if (!f.next() || !f.next()) {
            return Rejection.TRUNCATED;
        }
        int slash = line.indexOf('/', f.start(), f.end());
        if (slash < 0) {
            return "backend";
        }
        backendFrom = f.start();
        serverFrom = slash + 1;
        serverTo = f.end();
        if (!f.next()) {
            return Rejection.TRUNCATED;
        }
        tcp = false;
        // A custom log-format often puts a field or two between server and timers (a captured
        // Host, %H): up to two are skipped. option tcplog writes three timers, Tw/Tc/Tt.
        int skipped = 0;
        while (!HaproxyFields.slashInts(line, f.start(), f.end(), timers)) {
            if (skipped == 0 && HaproxyFields.slashInts(line, f.start(), f.end(), tcpTimers)) {
                tcp = true;
                break;
            }
            if (++skipped > 2 || !f.next()) {
                return "timers";
            }
        }
        if (tcp) {
            return readTcp(line);
        }
        if (!f.next()) {
            return Rejection.TRUNCATED;
        }
        status = f.status();
        if (status < 0) {
            return "status_code";
        }
        // %B %CC %CS
        if (!f.next() || !f.next() || !f.next() || !f.next()) {
            return Rejection.TRUNCATED;
        }
        terminationFrom = f.start();
        terminationTo = f.end();
        if (f.end() - f.start() < 2) {
            return "termination_state";
        }
        if (!f.next()) {
            return Rejection.TRUNCATED;
        }
        boolean connsValid = HaproxyFields.slashInts(line, f.start(), f.end(), conns);
        if (!f.next()) {
            return Rejection.TRUNCATED;
        }
        boolean queuesValid = HaproxyFields.slashInts(line, f.start(), f.end(), queues);
        if (!connsValid || !queuesValid) {
            return connsValid ? "queues" : "connections";
        }
        return null;
    }

    /**
     * The rest of an {@code option tcplog} entry: {@code %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq}. A
     * session the server side ended ({@code S}, {@code s}: refused, timed out) counts as the 503 an
     * HTTP frontend would have answered; any other session as a request without a status.
     */
    private String readTcp(LineBytes line) {
        timers[0] = 0;
        timers[1] = tcpTimers[0];
        timers[2] = tcpTimers[1];
        timers[3] = -1;
        timers[4] = tcpTimers[2];
        if (!f.next() || !f.next()) {
            return Rejection.TRUNCATED;
        }
        terminationFrom = f.start();
        terminationTo = f.end();
        if (f.end() - f.start() < 2) {
            return "termination_state";
        }
        char who = line.charAt(terminationFrom);
        status = who == 'S' || who == 's' ? 503 : 0;
        if (!f.next() || !HaproxyFields.slashInts(line, f.start(), f.end(), conns)) {
            return "connections";
        }
        if (!f.next() || !HaproxyFields.slashInts(line, f.start(), f.end(), queues)) {
            return "queues";
        }
        return null;
    }

    /**
     * HAProxy's connection errors, {@code CLIENT [DATE] FRONTEND/BIND: Connection closed during SSL
     * handshake} (the frontend and bind followed by a colon, then the reason): the reason, or null
     * for any other entry.
     */
    static String clientConnectionError(String line, int from) {
        int close = line.indexOf("] ", from);
        if (close < 0) {
            return null;
        }
        int sp = line.indexOf(' ', close + 2);
        if (sp < 0 || line.charAt(sp - 1) != ':' || line.indexOf('/', close) > sp) {
            return null;
        }
        return line.indexOf('/', close) < 0 ? null : line.substring(sp + 1);
    }

    /** The server's own time (Ta minus the phases before it), NaN when not measured. */
    private double serverTime() {
        int ta = timers[4];
        return ta >= 0 && timers[2] >= 0
                ? HaproxyFields.seconds(ta - HaproxyFields.sum(timers, 2))
                : Double.NaN;
    }

    private LogEvent parseHttp(LineBytes line, int from, ZoneId zone, String source, String raw) {
        String failure = read(line, from, zone);
        if (failure != null) {
            return Rejection.ofFailure(failure, source, raw);
        }
        String client = line.textBeforeLast(':', clientFrom, clientTo);
        String backend = names.intern(line, backendFrom, serverFrom - 1);
        String server = names.intern(line, serverFrom, serverTo);
        String termination = line.text(terminationFrom, terminationTo);
        String method = "";
        String uri = "";
        String host = "";
        boolean upgrade = false;
        String errorName = null;
        boolean sawRequest = false;
        while (f.next()) {
            String tok = f.text();
            boolean captured = !f.quoted() && tok.startsWith("{");
            if (captured) {
                // {Host|Upgrade} as "capture request header" logs them
                tok = tok.substring(1, tok.endsWith("}") ? tok.length() - 1 : tok.length());
            }
            if (f.quoted() && !sawRequest) {
                sawRequest = true;
                int sp1 = tok.indexOf(' ');
                int sp2 = tok.lastIndexOf(' ');
                method = sp1 > 0 ? tok.substring(0, sp1) : tok;
                uri = sp1 > 0 ? tok.substring(sp1 + 1, sp2 > sp1 ? sp2 : tok.length()) : "";
            } else if (!sawRequest && captured) {
                String lower = tok.toLowerCase(java.util.Locale.ROOT);
                upgrade |= lower.contains("websocket");
                if (host.isEmpty()) {
                    int bar = tok.indexOf('|');
                    String first = bar < 0 ? tok : tok.substring(0, bar);
                    if (first.indexOf('.') > 0 && first.indexOf(' ') < 0) {
                        host = first;
                    }
                }
            } else if (sawRequest && HaproxyFields.isErrorName(tok)) {
                errorName = tok;
            }
        }
        if (tcp) {
            method = "TCP"; // a TCP-mode session: no request line
        } else if (!sawRequest && !"<BADREQ>".equals(method)) {
            return Rejection.of(Rejection.TRUNCATED, source, raw);
        }
        int ta = timers[4];
        char who = termination.charAt(0);
        boolean serverAnswered = who == '-' || who == 'C' || who == 'c' || who == 'L';
        List<UpstreamTry> tries =
                server.startsWith("<")
                        ? List.of()
                        : List.of(
                                new UpstreamTry(
                                        server,
                                        serverAnswered ? status : -1,
                                        HaproxyFields.seconds(timers[2]),
                                        HaproxyFields.seconds(timers[3]),
                                        serverTime()));
        return new AccessEvent(
                accepted + Math.max(0, ta),
                GatewayKind.HAPROXY,
                backend,
                host,
                client,
                method,
                uri,
                status,
                HaproxyFields.seconds(ta),
                -1,
                upgrade,
                tries,
                new ProxyDetail(
                        termination, timers[1], queues[0], queues[1], conns[2], errorName, null),
                source,
                raw);
    }
}
