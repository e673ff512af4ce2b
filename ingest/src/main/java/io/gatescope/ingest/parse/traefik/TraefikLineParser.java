package io.gatescope.ingest.parse.traefik;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.FieldScanner;
import io.gatescope.ingest.parse.GoProxyErrors;
import io.gatescope.ingest.parse.LineBytes;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traefik's text lines: its default access log ({@code CLIENT - USER [TIME] "REQUEST" STATUS SIZE
 * "REFERER" "UA" COUNT "ROUTER" "SERVER_URL" DURATIONms}, logger_formatters.go; the generic CLF
 * without the last four fields is nginx's combined and read as such), and its own log lines, v2's
 * logrus ({@code time="..." level=debug msg="'502 Bad Gateway' caused by: dial tcp ..."}) and v3's
 * console ({@code 2026-03-14T09:10:00Z DBG ... > 502 Bad Gateway error="dial tcp ..."}), whose
 * proxy errors say why a 502 happened. Not thread-safe.
 */
public final class TraefikLineParser {

    private static final Pattern CAUSED_BY =
            Pattern.compile("'?(\\d{3}) [A-Za-z ]+'? caused by: (.+)");
    private static final Pattern STATUS_TEXT = Pattern.compile("(\\d{3}) [A-Z][A-Za-z ]+");

    private final FieldScanner f = new FieldScanner();
    private final LineBytes bytes = new LineBytes();

    /** The access line's end: {@code "http://10.0.0.5:8080" 3ms}. */
    public static boolean looksLikeAccess(CharSequence line) {
        int n = line.length();
        if (n < 40 || line.charAt(n - 1) != 's' || line.charAt(n - 2) != 'm') {
            return false;
        }
        int i = n - 3;
        while (i > 0 && Character.isDigit(line.charAt(i))) {
            i--;
        }
        return i < n - 3 && line.charAt(i) == ' ' && line.charAt(i - 1) == '"';
    }

    /** One of Traefik's own log lines, v2 (logrus text) or v3 (zerolog console). */
    public static boolean looksLikeLog(String line) {
        if (line.startsWith("time=\"") && line.contains(" level=")) {
            return true;
        }
        return line.length() > 25
                && line.charAt(4) == '-'
                && line.charAt(10) == 'T'
                && level(line) != null;
    }

    private static String level(String line) {
        int sp = line.indexOf(' ');
        if (sp < 19 || sp + 4 >= line.length() || line.charAt(sp + 4) != ' ') {
            return null;
        }
        String l = line.substring(sp + 1, sp + 4);
        return switch (l) {
            case "TRC", "DBG", "INF", "WRN", "ERR", "FTL", "PNC" -> l;
            default -> null;
        };
    }

    /** Parses an access line. */
    public LogEvent parseAccess(String line, ZoneId zone, String source) {
        LineBytes b = bytes.set(line);
        f.reset(b);
        String[] t = new String[13];
        int n = 0;
        int timeFrom = -1;
        int timeTo = -1;
        while (n < t.length && f.next()) {
            if (n == 3) {
                timeFrom = f.start();
                timeTo = f.end();
            }
            t[n++] = f.text();
        }
        if (n < 13) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        long start = Timestamps.parseClf(b, timeFrom, timeTo, zone);
        int status = parseInt(t[5]);
        if (start == Timestamps.INVALID || status < 0) {
            return Rejection.of(
                    start == Timestamps.INVALID ? "bad-field:time" : "bad-field:status",
                    source,
                    line);
        }
        String[] req = t[4].split(" ");
        String ms = t[12].substring(0, t[12].length() - 2);
        double took = parseInt(ms) / 1000.0;
        String peer = address(t[11]);
        String router = t[10].equals("-") ? "" : t[10];
        return new AccessEvent(
                start + parseInt(ms),
                GatewayKind.TRAEFIK,
                router,
                "",
                t[0],
                req.length > 0 ? req[0] : "",
                req.length > 1 ? req[1] : "",
                status,
                took,
                -1,
                false,
                peer.isEmpty()
                        ? List.of()
                        : List.of(
                                new UpstreamTry(
                                        peer,
                                        -1,
                                        UpstreamTry.NOT_LOGGED,
                                        UpstreamTry.NOT_LOGGED,
                                        took)),
                null,
                source,
                line);
    }

    /** {@code http://10.0.0.5:8080} (Traefik's ServiceURL) -> {@code 10.0.0.5:8080}. */
    public static String address(String url) {
        if (url == null || url.isEmpty() || url.equals("-")) {
            return "";
        }
        int scheme = url.indexOf("://");
        String a = scheme >= 0 ? url.substring(scheme + 3) : url;
        int slash = a.indexOf('/');
        return slash >= 0 ? a.substring(0, slash) : a;
    }

    /** Parses one of Traefik's own log lines: a proxy error as an error event, else ignored. */
    public LogEvent parseLog(String line, ZoneId zone, String source) {
        long time;
        String level;
        String message;
        String error;
        if (line.startsWith("time=\"")) {
            int close = line.indexOf('"', 6);
            time = close < 0 ? Timestamps.INVALID : Timestamps.parseIso(line, 6, close, zone);
            level = logfmt(line, "level");
            message = logfmt(line, "msg");
            error = logfmt(line, "error");
        } else {
            int sp = line.indexOf(' ');
            time = Timestamps.parseIso(line, 0, sp, zone);
            level = level(line);
            int gt = line.indexOf(" > ", sp);
            String rest = gt < 0 ? line.substring(sp + 5) : line.substring(gt + 3);
            int err = rest.indexOf(" error=");
            message = err < 0 ? rest : rest.substring(0, err);
            error = err < 0 ? "" : unquote(rest.substring(err + 7));
        }
        return proxyError(time, level, message, error, source, line);
    }

    /**
     * A proxy error when the message is a 5xx status ({@code 502 Bad Gateway} with the Go error
     * beside it, or v2's {@code '502 Bad Gateway' caused by: ...}); else a line to ignore.
     */
    public static LogEvent proxyError(
            long time, String level, String message, String error, String source, String raw) {
        if (time == Timestamps.INVALID) {
            return Rejection.of("bad-field:time", source, raw);
        }
        Matcher v2 = CAUSED_BY.matcher(message);
        String cause = null;
        if (v2.matches() && v2.group(1).startsWith("5")) {
            cause = v2.group(2);
        } else if (STATUS_TEXT.matcher(message).matches()
                && message.startsWith("5")
                && !error.isEmpty()) {
            cause = error;
        }
        if (cause == null) {
            return new IgnoredLine(time, "traefik", source, raw);
        }
        return GoProxyErrors.event(
                time, level, cause, GatewayKind.TRAEFIK, "", "", "", source, raw);
    }

    /** A logfmt value: {@code key=value} or {@code key="quoted \"value\""}. */
    static String logfmt(String line, String key) {
        int at = line.indexOf(" " + key + "=");
        if (at < 0) {
            return "";
        }
        String rest = line.substring(at + key.length() + 2);
        if (rest.startsWith("\"")) {
            return unquote(rest);
        }
        int sp = rest.indexOf(' ');
        return sp < 0 ? rest : rest.substring(0, sp);
    }

    /** The content of a leading double-quoted string, escapes undone. */
    static String unquote(String s) {
        if (!s.startsWith("\"")) {
            int sp = s.indexOf(' ');
            return sp < 0 ? s : s.substring(0, sp);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                sb.append(s.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
