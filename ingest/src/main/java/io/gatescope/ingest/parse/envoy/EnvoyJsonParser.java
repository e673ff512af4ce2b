package io.gatescope.ingest.parse.envoy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;

/**
 * Envoy's JSON access logs under the keys Istio's {@code accessLogEncoding: JSON} and Envoy Gateway
 * write ({@code start_time, method, path, response_code, response_flags, response_code_details,
 * upstream_transport_failure_reason, duration, upstream_host, upstream_cluster, ...}), with the
 * header-named variants ({@code :authority}, {@code x-envoy-origin-path}, {@code
 * x-envoy-upstream-service-time}); values as strings or numbers.
 */
public final class EnvoyJsonParser {

    private EnvoyJsonParser() {}

    /** A JSON object with Envoy's own access-log keys. */
    public static boolean looksLikeEnvoy(JsonNode n) {
        return n.has("response_code")
                && (n.has("response_flags") || n.has("upstream_host"))
                && n.has("start_time");
    }

    /** The request the object records. */
    public static LogEvent parse(JsonNode n, ZoneId zone, String source, String raw) {
        String startText = text(n, "start_time");
        long start = Timestamps.parseIso(startText, 0, startText.length(), zone);
        if (start == Timestamps.INVALID) {
            return Rejection.of("bad-field:start_time", source, raw);
        }
        EnvoyAccess a = new EnvoyAccess();
        a.method = text(n, "method");
        a.path = first(n, "path", "x-envoy-origin-path");
        a.protocol = text(n, "protocol");
        String code = text(n, "response_code");
        try {
            a.code = code.isEmpty() ? 0 : Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return Rejection.of("bad-field:response_code", source, raw);
        }
        a.flags = text(n, "response_flags");
        a.details = text(n, "response_code_details");
        a.termination = text(n, "connection_termination_details");
        a.transportFailure = text(n, "upstream_transport_failure_reason");
        a.durationMs = number(text(n, "duration"));
        a.upstreamServiceMs =
                number(first(n, "upstream_service_time", "x-envoy-upstream-service-time"));
        a.forwardedFor = first(n, "x_forwarded_for", "x-forwarded-for");
        a.authority = first(n, "authority", ":authority");
        a.upstreamHost = text(n, "upstream_host");
        a.cluster = first(n, "upstream_cluster", "upstream_cluster_raw");
        a.downstreamRemote = text(n, "downstream_remote_address");
        a.route = text(n, "route_name");
        long end = start + (Double.isNaN(a.durationMs) ? 0 : Math.round(a.durationMs));
        AccessEvent e = a.toEvent(end, source, raw);
        return e != null ? e : new IgnoredLine(end, "envoy-tcp", source, raw);
    }

    private static String first(JsonNode n, String a, String b) {
        String v = text(n, a);
        return v.isEmpty() ? text(n, b) : v;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? "" : EnvoyAccess.value(v.asText(""));
    }

    private static double number(String s) {
        if (s.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
