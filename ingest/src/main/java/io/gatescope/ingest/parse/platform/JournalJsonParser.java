package io.gatescope.ingest.parse.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.parse.appserver.AppServerLines;
import java.time.ZoneId;

/**
 * {@code journalctl -o json} (and {@code -o json-seq}'s objects): the message in {@code MESSAGE},
 * its time in {@code __REALTIME_TIMESTAMP} (microseconds), the machine in {@code _HOSTNAME}, the
 * writer in {@code SYSLOG_IDENTIFIER}, the unit in {@code _SYSTEMD_UNIT} or {@code UNIT}. The
 * message is read by the parser of its writer: the kernel, systemd or an application server.
 */
public final class JournalJsonParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JournalJsonParser() {}

    public static boolean looksLikeJournal(String json) {
        return json.contains("\"__REALTIME_TIMESTAMP\"");
    }

    /** The event the entry's message reports, or null when it says nothing of the upstream. */
    public static UpstreamEvent parse(String json, ZoneId zone, String source) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
        if (n == null || !n.isObject() || !n.path("MESSAGE").isTextual()) {
            return null;
        }
        String message = n.path("MESSAGE").asText();
        long time;
        try {
            time = Long.parseLong(n.path("__REALTIME_TIMESTAMP").asText("")) / 1000;
        } catch (NumberFormatException e) {
            return null;
        }
        String writer = n.path("SYSLOG_IDENTIFIER").asText(n.path("_COMM").asText(""));
        String unit = n.path("UNIT").asText(n.path("_SYSTEMD_UNIT").asText(""));
        UpstreamEvent e = PlatformLines.parseMessage(writer, message, time, zone, source, json);
        if (e == null) {
            e = AppServerLines.parse(message, zone, source);
            if (e != null) {
                e =
                        new UpstreamEvent(
                                time,
                                e.signal(),
                                e.software(),
                                e.origin(),
                                e.subject(),
                                e.id(),
                                e.count(),
                                source,
                                json);
            }
        }
        if (e == null) {
            return null;
        }
        Origin o = new Origin(n.path("_HOSTNAME").asText(""), "", "", "", unit);
        return e.withOrigin(e.origin().or(o));
    }
}
