package io.gatescope.ingest.parse.caddy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.GoProxyErrors;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;
import java.util.List;

/**
 * Caddy's JSON logs: the access log (logger {@code http.log.access[.NAME]}, msg {@code handled
 * request}, {@code request{remote_ip, client_ip, method, host, uri, proto}}, {@code status}, {@code
 * duration} in seconds, {@code ts} in epoch seconds or as configured) and the error log (logger
 * {@code http.log.error[.NAME]}, msg the Go error of reverse_proxy, with the same request), which
 * joins its request like nginx's error line. Caddy's other loggers are its own business.
 */
public final class CaddyJsonParser {

    private CaddyJsonParser() {}

    /** A Caddy log object: a {@code logger} and a {@code ts}. */
    public static boolean isCaddy(JsonNode n) {
        return n.has("logger") && n.has("ts") && n.has("msg");
    }

    public static LogEvent parse(JsonNode n, ZoneId zone, String source, String raw) {
        long time = time(n.get("ts"), zone);
        if (time == Timestamps.INVALID) {
            return Rejection.of("bad-field:ts", source, raw);
        }
        String logger = n.path("logger").asText("");
        JsonNode req = n.path("request");
        String client = req.path("client_ip").asText(req.path("remote_ip").asText(""));
        String method = req.path("method").asText("");
        String uri = req.path("uri").asText("");
        String host = req.path("host").asText("");
        if (logger.startsWith("http.log.access")) {
            int status = n.path("status").asInt(-1);
            if (status < 0) {
                return Rejection.of("bad-field:status", source, raw);
            }
            return new AccessEvent(
                    time,
                    GatewayKind.CADDY,
                    host,
                    host,
                    client,
                    method,
                    uri,
                    status,
                    seconds(n.get("duration")),
                    -1,
                    "websocket".equalsIgnoreCase(header(req.path("headers"), "Upgrade")),
                    List.of(),
                    null,
                    source,
                    raw);
        }
        if (logger.startsWith("http.log.error")
                || logger.startsWith("http.handlers.reverse_proxy")) {
            String msg = n.path("msg").asText("");
            int status = n.path("status").asInt(0);
            if (status != 0 && status < 500 || msg.isEmpty()) {
                return new IgnoredLine(time, "caddy", source, raw);
            }
            String proto = req.path("proto").asText("HTTP/1.1");
            return GoProxyErrors.event(
                    time,
                    n.path("level").asText("error"),
                    msg,
                    GatewayKind.CADDY,
                    client,
                    method.isEmpty() ? "" : method + " " + uri + " " + proto,
                    host,
                    source,
                    raw);
        }
        return new IgnoredLine(time, "caddy", source, raw);
    }

    /** {@code ts}: epoch seconds (the default), or a time text when a time_format is set. */
    private static long time(JsonNode ts, ZoneId zone) {
        if (ts == null) {
            return Timestamps.INVALID;
        }
        if (ts.isNumber()) {
            return Math.round(ts.asDouble() * 1000);
        }
        String s = ts.asText("");
        return Timestamps.parseIso(s, 0, s.length(), zone);
    }

    /** {@code duration}: seconds by default; a string such as {@code "1.5ms"} as configured. */
    private static double seconds(JsonNode d) {
        if (d == null) {
            return Double.NaN;
        }
        if (d.isNumber()) {
            return d.asDouble();
        }
        return goDuration(d.asText(""));
    }

    /** A Go duration's text ({@code 1.5ms}, {@code 2s}, {@code 350µs}) in seconds, else NaN. */
    static double goDuration(String s) {
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            return Double.NaN;
        }
        double v;
        try {
            v = Double.parseDouble(s.substring(0, i));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        return switch (s.substring(i)) {
            case "ns" -> v / 1e9;
            case "us", "µs" -> v / 1e6;
            case "ms" -> v / 1e3;
            case "s" -> v;
            case "m" -> v * 60;
            case "h" -> v * 3600;
            default -> Double.NaN;
        };
    }

    private static String header(JsonNode headers, String name) {
        JsonNode v = headers.get(name);
        return v != null && v.isArray() && v.size() > 0 ? v.get(0).asText("") : "";
    }
}
