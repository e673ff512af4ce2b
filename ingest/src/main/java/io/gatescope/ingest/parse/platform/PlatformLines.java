package io.gatescope.ingest.parse.platform;

import io.gatescope.ingest.event.UpstreamEvent;
import java.time.ZoneId;

/**
 * The platform's lines: a syslog or journal message routed by its writer (the kernel, systemd), a
 * bare {@code dmesg} line, and the JSON of Kubernetes objects and journal entries.
 */
public final class PlatformLines {

    private PlatformLines() {}

    /**
     * The event of a message whose writer a syslog or journal header named, or null.
     *
     * @param writer the program name, lower case ({@code kernel}, {@code systemd})
     */
    public static UpstreamEvent parseMessage(
            String writer, String message, long time, ZoneId zone, String source, String raw) {
        if (writer.equals("kernel")) {
            String subject = KernelLineParser.subject(stripUptime(message));
            return subject == null
                    ? null
                    : UpstreamEvent.of(
                            time, UpstreamEvent.Signal.OOM_KILL, "kernel", subject, source, raw);
        }
        if (writer.equals("systemd") || writer.startsWith("systemd[")) {
            return SystemdLineParser.parse(message, time, source, raw);
        }
        return null;
    }

    /** A line without a header: {@code dmesg}'s OOM lines. */
    public static UpstreamEvent parseBare(String line, ZoneId zone, String source) {
        return KernelLineParser.parse(line, zone, source);
    }

    /** A JSON object: a Kubernetes Event or Pod, or a journal entry; null for others. */
    public static UpstreamEvent parseJson(String json, ZoneId zone, String source) {
        if (JournalJsonParser.looksLikeJournal(json)) {
            return JournalJsonParser.parse(json, zone, source);
        }
        if (KubernetesObjectParser.looksLikeObject(json)) {
            return KubernetesObjectParser.parse(json, source);
        }
        return null;
    }

    /** Whether a JSON object is one of the platform's (and so no access log entry). */
    public static boolean isPlatformJson(String json) {
        return JournalJsonParser.looksLikeJournal(json)
                || KubernetesObjectParser.looksLikeObject(json);
    }

    /** {@code [12345.678901] Out of memory...} as syslog carries the kernel's own stamp. */
    private static String stripUptime(String m) {
        if (m.startsWith("[")) {
            int close = m.indexOf("] ");
            if (close > 0 && m.substring(1, close).trim().matches("\\d+\\.\\d+")) {
                return m.substring(close + 2);
            }
        }
        return m;
    }
}
