package io.gatescope.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.parse.caddy.CaddyJsonParser;
import io.gatescope.ingest.parse.envoy.EnvoyJsonParser;
import io.gatescope.ingest.parse.traefik.TraefikJsonParser;
import java.time.ZoneId;

/**
 * The JSON lines of the gateways that log JSON of their own shape: Envoy and Istio, Traefik (access
 * and its own log), Caddy; and the leveled JSON of applications ({@code level} with {@code msg} or
 * {@code message}), which is chatter, not a rejected line. A quick look at the text first, so that
 * nginx's JSON access lines are parsed once, by nginx's parser.
 */
public final class GatewayJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayJson() {}

    /** Whether the line may be one of these (keys seen in its text). */
    public static boolean mayBe(String json) {
        return json.contains("\"response_code\"")
                || json.contains("\"DownstreamStatus\"")
                || json.contains("\"logger\"")
                || json.contains("\"level\"");
    }

    /** The event, or null when the object is none of these. */
    public static LogEvent parse(String json, ZoneId zone, String source) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
        if (n == null || !n.isObject()) {
            return null;
        }
        if (EnvoyJsonParser.looksLikeEnvoy(n)) {
            return EnvoyJsonParser.parse(n, zone, source, json);
        }
        if (TraefikJsonParser.isAccess(n)) {
            return TraefikJsonParser.parseAccess(n, zone, source, json);
        }
        if (CaddyJsonParser.isCaddy(n)) {
            return CaddyJsonParser.parse(n, zone, source, json);
        }
        if (TraefikJsonParser.isLog(n)) {
            return TraefikJsonParser.parseLog(n, zone, source, json);
        }
        if (n.has("level") && (n.has("msg") || n.has("message"))) {
            return new IgnoredLine(Timestamps.INVALID, "json-log", source, json);
        }
        return null;
    }
}
