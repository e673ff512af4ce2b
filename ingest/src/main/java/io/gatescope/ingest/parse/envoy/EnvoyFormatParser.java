package io.gatescope.ingest.parse.envoy;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.LogTemplate;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Envoy access lines in the format the user configured ({@code --envoy-log-format}, the access
 * log's {@code format} string with {@code %RESPONSE_CODE%}, {@code %REQ(:AUTHORITY)%}...). The
 * command operators it reads are those of the default and Istio formats; others are skipped.
 */
public final class EnvoyFormatParser {

    // %COMMAND%, %COMMAND(arg)%, %COMMAND(arg):maxlen%
    private static final Pattern OPERATOR =
            Pattern.compile("%([A-Z_]+(?:\\([^)]*\\))?)(?::\\d+)?%");

    private final LogTemplate template;

    /**
     * @throws IllegalArgumentException with a one-line reason for a format without a response code
     */
    public EnvoyFormatParser(String format) {
        template = LogTemplate.compile(format.strip(), OPERATOR, null);
        if (!template.names().contains("RESPONSE_CODE")) {
            throw new IllegalArgumentException(
                    "the Envoy log format needs %RESPONSE_CODE%: " + format);
        }
    }

    /** The event for a line in the format, or null when the line is not in it. */
    public LogEvent parse(String line, ZoneId zone, String source) {
        Map<String, String> v = template.match(line);
        if (v == null) {
            return null;
        }
        EnvoyAccess a = new EnvoyAccess();
        a.method = get(v, "REQ(:METHOD)");
        a.path = get(v, "REQ(X-ENVOY-ORIGINAL-PATH?:PATH)", "REQ(:PATH)");
        a.protocol = get(v, "PROTOCOL");
        try {
            a.code =
                    Integer.parseInt(
                            get(v, "RESPONSE_CODE").isEmpty() ? "0" : get(v, "RESPONSE_CODE"));
        } catch (NumberFormatException e) {
            return Rejection.of("bad-field:response_code", source, line);
        }
        a.flags = get(v, "RESPONSE_FLAGS");
        a.details = get(v, "RESPONSE_CODE_DETAILS");
        a.termination = get(v, "CONNECTION_TERMINATION_DETAILS");
        a.transportFailure = get(v, "UPSTREAM_TRANSPORT_FAILURE_REASON");
        a.durationMs = number(get(v, "DURATION"));
        a.upstreamServiceMs = number(get(v, "RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)"));
        a.forwardedFor = get(v, "REQ(X-FORWARDED-FOR)");
        a.authority = get(v, "REQ(:AUTHORITY)");
        a.upstreamHost = get(v, "UPSTREAM_HOST");
        a.cluster = get(v, "UPSTREAM_CLUSTER", "UPSTREAM_CLUSTER_RAW");
        a.downstreamRemote =
                get(v, "DOWNSTREAM_REMOTE_ADDRESS", "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT");
        a.route = get(v, "ROUTE_NAME");
        long start = startTime(v, zone);
        if (start == Timestamps.INVALID) {
            return Rejection.of("bad-field:start_time", source, line);
        }
        long end = start + (Double.isNaN(a.durationMs) ? 0 : Math.round(a.durationMs));
        AccessEvent e = a.toEvent(end, source, line);
        return e != null ? e : new IgnoredLine(end, "envoy-tcp", source, line);
    }

    /** {@code %START_TIME%} (ISO), or {@code %START_TIME(%s)%} and the like (epoch seconds). */
    private static long startTime(Map<String, String> v, ZoneId zone) {
        for (Map.Entry<String, String> e : v.entrySet()) {
            if (e.getKey().startsWith("START_TIME")) {
                String s = e.getValue();
                long t = Timestamps.parseIso(s, 0, s.length(), zone);
                if (t == Timestamps.INVALID && !s.isEmpty() && Character.isDigit(s.charAt(0))) {
                    double secs = number(s);
                    return Double.isNaN(secs) ? Timestamps.INVALID : Math.round(secs * 1000);
                }
                return t;
            }
        }
        return Timestamps.INVALID;
    }

    private static String get(Map<String, String> v, String... keys) {
        for (String k : keys) {
            String s = v.get(k);
            if (s != null) {
                return EnvoyAccess.value(s);
            }
        }
        return "";
    }

    private static double number(String s) {
        try {
            return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
