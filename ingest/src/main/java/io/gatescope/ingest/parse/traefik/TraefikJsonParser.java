package io.gatescope.ingest.parse.traefik;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;
import java.util.List;

/**
 * Traefik's JSON lines: the access log ({@code DownstreamStatus, OriginStatus, RouterName,
 * ServiceName, ServiceURL, ServiceAddr, ClientHost, RequestMethod, RequestPath, RequestHost,
 * StartUTC, Duration, OriginDuration}, durations in nanoseconds; {@code OriginStatus} 0 when no
 * service handled the request) and its own log ({@code level, msg} (v2) or {@code message, error}
 * (v3), {@code time}), whose 5xx proxy errors explain the 502s.
 */
public final class TraefikJsonParser {

    private TraefikJsonParser() {}

    /** An access-log object. */
    public static boolean isAccess(JsonNode n) {
        return n.has("DownstreamStatus") && (n.has("RouterName") || n.has("RequestMethod"));
    }

    /** One of Traefik's own log objects that may carry a proxy error. */
    public static boolean isLog(JsonNode n) {
        return n.has("level") && n.path("time").isTextual() && (n.has("msg") || n.has("message"));
    }

    public static LogEvent parseAccess(JsonNode n, ZoneId zone, String source, String raw) {
        String startText = n.path("StartUTC").asText(n.path("StartLocal").asText(""));
        long durationNs = n.path("Duration").asLong(0);
        // Traefik always writes the start; an entry trimmed by hand may keep only the time it was
        // written, which is the end.
        long endShift = durationNs / 1_000_000;
        if (startText.isEmpty() && n.path("time").isTextual()) {
            startText = n.path("time").asText();
            endShift = 0;
        }
        long start = Timestamps.parseIso(startText, 0, startText.length(), zone);
        int status = n.path("DownstreamStatus").asInt(-1);
        if (start == Timestamps.INVALID || status < 0) {
            return Rejection.of(
                    start == Timestamps.INVALID
                            ? "bad-field:StartUTC"
                            : "bad-field:DownstreamStatus",
                    source,
                    raw);
        }
        String peer = n.path("ServiceAddr").asText("");
        if (peer.isEmpty()) {
            peer = TraefikLineParser.address(n.path("ServiceURL").asText(""));
        }
        int origin = n.path("OriginStatus").asInt(0);
        double originSeconds =
                n.has("OriginDuration") ? n.path("OriginDuration").asLong(0) / 1e9 : Double.NaN;
        String service = n.path("ServiceName").asText("");
        if (service.isEmpty()) {
            service = n.path("RouterName").asText("");
        }
        // A 502/504 the proxy made itself carries OriginStatus equal to it (the error handler
        // wrote it): the server never sent a status.
        boolean proxyMade = origin == status && (status == 502 || status == 504);
        return new AccessEvent(
                start + endShift,
                GatewayKind.TRAEFIK,
                service,
                n.path("RequestHost").asText(""),
                n.path("ClientHost").asText(""),
                n.path("RequestMethod").asText(""),
                n.path("RequestPath").asText(""),
                status,
                durationNs / 1e9,
                -1,
                false,
                peer.isEmpty()
                        ? List.of()
                        : List.of(
                                new UpstreamTry(
                                        peer,
                                        origin == 0 || proxyMade ? -1 : origin,
                                        UpstreamTry.NOT_LOGGED,
                                        UpstreamTry.NOT_LOGGED,
                                        originSeconds)),
                null,
                source,
                raw);
    }

    public static LogEvent parseLog(JsonNode n, ZoneId zone, String source, String raw) {
        String timeText = n.path("time").asText("");
        long time = Timestamps.parseIso(timeText, 0, timeText.length(), zone);
        String message = n.has("message") ? n.path("message").asText("") : n.path("msg").asText("");
        return TraefikLineParser.proxyError(
                time, n.path("level").asText(""), message, n.path("error").asText(""), source, raw);
    }
}
