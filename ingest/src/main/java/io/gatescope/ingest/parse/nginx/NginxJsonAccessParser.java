package io.gatescope.ingest.parse.nginx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.LineBytes;
import java.io.IOException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * nginx access lines written as JSON ({@code log_format ... escape=json '{"remote_addr":
 * "$remote_addr", ...}'}). Keys are nginx variable names or their common aliases; with the user's
 * JSON {@code log_format}, its own keys map to the variables it names. Not thread-safe.
 */
public final class NginxJsonAccessParser {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, NginxVariable> customKeys;
    private final AccessLineBuilder builder = new AccessLineBuilder();
    private final StringBuilder values = new StringBuilder(256);

    /**
     * @param custom the user's format, used when it is a JSON template; may be null
     */
    public NginxJsonAccessParser(NginxLogFormat custom) {
        this.customKeys = custom != null && custom.isJson() ? keysOf(custom.body()) : Map.of();
    }

    /** {"key": "$var", ...} -> key -> variable. */
    private static Map<String, NginxVariable> keysOf(String template) {
        Map<String, NginxVariable> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(template)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING && p.getText().startsWith("$")) {
                    String name = p.getText().substring(1).replace("{", "").replace("}", "");
                    out.put(key, NginxVariable.byVariableName(name));
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "nginx JSON log format is not valid JSON: "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
        return out;
    }

    /** Parses one JSON object; never throws. */
    public LogEvent parse(String line, ZoneId zone, long fallbackTime, String source) {
        values.setLength(0);
        int[] spans = new int[NginxVariable.values().length * 2];
        java.util.Arrays.fill(spans, -1);
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Rejection.of(Rejection.UNKNOWN_FORMAT, source, line);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                NginxVariable var = customKeys.getOrDefault(key, null);
                if (var == null) {
                    var = NginxVariable.byAlias(key);
                }
                if (var == NginxVariable.OPAQUE || v == JsonToken.VALUE_NULL) {
                    continue;
                }
                int start = values.length();
                values.append(p.getText());
                spans[var.ordinal() * 2] = start;
                spans[var.ordinal() * 2 + 1] = values.length();
            }
            if (t != JsonToken.END_OBJECT) {
                return Rejection.of(Rejection.TRUNCATED, source, line);
            }
        } catch (IOException | RuntimeException e) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        builder.reset(LineBytes.of(values.toString()));
        NginxVariable[] vars = NginxVariable.values();
        for (int i = 0; i < vars.length; i++) {
            if (spans[i * 2] >= 0) {
                builder.set(vars[i], spans[i * 2], spans[i * 2 + 1]);
            }
        }
        if (!builder.has(NginxVariable.STATUS)) {
            return Rejection.of(Rejection.UNKNOWN_FORMAT, source, line);
        }
        return builder.build(zone, fallbackTime, source, line);
    }
}
