package io.gatescope.ingest.paste;

import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.parse.LogLineParser;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An nginx error message pasted without the start of its line ({@code [error] 31#31: *5 ...},
 * {@code *1187 upstream timed out ...}, or the bare message): found by its level, its process and
 * connection numbers or a message nginx's upstream module writes, and read as a whole line with a
 * neutral date in front.
 */
final class NginxMessage {

    private static final Pattern LEVEL =
            Pattern.compile("\\[(debug|info|notice|warn|error|crit|alert|emerg)]\\s+");
    private static final Pattern PID = Pattern.compile("(?<![\\w.])\\d+#\\d+:\\s+");
    private static final Pattern CONNECTION = Pattern.compile("(?<![\\w*])\\*\\d+\\s+");

    /** Messages of nginx's upstream, resolver, SSL and event modules (ngx_http_upstream.c...). */
    private static final String[] MESSAGES = {
        "upstream timed out",
        "upstream prematurely closed",
        "connect() failed",
        "connect() to ",
        "recv() failed",
        "readv() failed",
        "send() failed",
        "writev() failed",
        "sendfile() failed",
        "SSL_do_handshake() failed",
        "SSL_read() failed",
        "SSL_write() failed",
        "upstream SSL certificate",
        "peer closed connection in SSL handshake",
        "could not be resolved",
        "no resolver defined",
        "no live upstreams",
        "upstream server temporarily disabled",
        "worker_connections are not enough",
        "upstream sent too big header",
        "upstream sent invalid",
        "upstream sent no valid",
        "upstream sent unexpected",
        "upstream sent duplicate",
        "upstream sent unknown",
        "FastCGI sent in stderr",
        "socket() failed",
        "accept4() failed",
        "open socket",
    };

    private static final String PREFIX = "2000/01/01 00:00:00 ";

    private NginxMessage() {}

    /** The entry read as an nginx error line, or null when it holds no nginx message. */
    static LogEvent parse(LogLineParser parser, String text) {
        String level = "error";
        int from = -1;
        Matcher lv = LEVEL.matcher(text);
        if (lv.find()) {
            level = lv.group(1);
            from = lv.end();
        }
        int msg = messageAt(text, Math.max(from, 0));
        if (msg < 0) {
            return null;
        }
        String head = from >= 0 ? text.substring(from, msg) : "";
        String conn = "";
        Matcher c = CONNECTION.matcher(text.substring(0, msg));
        if (c.find()) {
            conn = c.group().strip() + " ";
        }
        String pid = "1#1: ";
        Matcher p = PID.matcher(head);
        if (p.find()) {
            pid = p.group().strip() + " ";
        }
        String line = PREFIX + "[" + level + "] " + pid + conn + text.substring(msg);
        LogEvent e = parser.parse(line, PasteRecognizer.SOURCE);
        return PasteRecognizer.understood(e) ? e : null;
    }

    /** Where the first known message starts at or after {@code from}, or -1. */
    private static int messageAt(String text, int from) {
        int best = -1;
        for (String m : MESSAGES) {
            int i = text.indexOf(m, from);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }
}
