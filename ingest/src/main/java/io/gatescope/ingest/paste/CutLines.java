package io.gatescope.ingest.paste;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.parse.LogLineParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Access lines cut short (a terminal's width, a chat's limit): the fields the paste kept, then the
 * rest of a complete line of the same format, so that the parser reads what was kept. Only lines
 * that kept their status are completed: the status is what the line is pasted for, and a guess past
 * it would be invented.
 */
final class CutLines {

    /**
     * A complete line of one format, and the index of its status among its fields (quoted strings
     * and bracketed times are one field each).
     */
    private record Template(String line, int statusField) {
        List<String> fields() {
            return split(line);
        }
    }

    private static final List<Template> TEMPLATES =
            List.of(
                    // AWS ALB (docs.aws.amazon.com, "Access log entries").
                    new Template(
                            "http 2018-07-02T22:23:00.186641Z app/lb/50dc6c495c0c9188"
                                    + " 192.0.2.1:2817 192.0.2.2:80 0.000 0.001 0.000 200 200 34"
                                    + " 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"-\" - -"
                                    + " arn:aws:elasticloadbalancing:us-east-2:123456789012:"
                                    + "targetgroup/t/73e2d6bc24d8a067 \"Root=1-58337262-36d2\""
                                    + " \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\""
                                    + " \"-\" \"-\" \"192.0.2.2:80\" \"200\" \"-\" \"-\"",
                            8),
                    // Classic ELB.
                    new Template(
                            "2015-05-13T23:39:43.945958Z lb 192.0.2.1:2817 192.0.2.2:80"
                                    + " 0.000073 0.001048 0.000057 200 200 0 29"
                                    + " \"GET http://www.example.com:80/ HTTP/1.1\" \"-\" - -",
                            7),
                    // Envoy's default format.
                    new Template(
                            "[2016-04-15T20:17:00.310Z] \"GET / HTTP/1.1\" 200 - 0 0 1 1"
                                    + " \"192.0.2.1\" \"-\" \"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\""
                                    + " \"example.com\" \"192.0.2.2:80\"",
                            2),
                    // HAProxy's HTTP log, without and with the syslog header.
                    new Template(
                            "192.0.2.1:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1"
                                    + " 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0"
                                    + " \"GET /index.html HTTP/1.1\"",
                            5),
                    new Template(
                            "Feb 6 12:14:14 localhost haproxy[14389]: 192.0.2.1:33317"
                                    + " [06/Feb/2009:12:14:14.655] http-in static/srv1"
                                    + " 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0"
                                    + " \"GET /index.html HTTP/1.1\"",
                            10),
                    // nginx's combined format (and Traefik's CLF start).
                    new Template(
                            "192.0.2.1 - - [10/Oct/2020:13:55:36 +0000] \"GET / HTTP/1.1\" 200"
                                    + " 157 \"-\" \"-\"",
                            5));

    private CutLines() {}

    /** The line completed and read, or null when no format fits what was kept. */
    static LogEvent complete(LogLineParser parser, String text) {
        List<String> kept = split(text);
        for (Template t : TEMPLATES) {
            List<String> full = t.fields();
            // The last field may be cut itself: try without it first.
            for (int keep = kept.size() - 1; keep <= kept.size(); keep++) {
                if (keep <= t.statusField() || keep >= full.size()) {
                    continue;
                }
                List<String> fields = new ArrayList<>(kept.subList(0, keep));
                fields.addAll(full.subList(keep, full.size()));
                LogEvent e = parser.parse(String.join(" ", fields), PasteRecognizer.SOURCE);
                if (e instanceof AccessEvent) {
                    return e;
                }
            }
        }
        return null;
    }

    /** Fields split on spaces, a quoted string or a bracketed time one field. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            char open = line.charAt(i);
            if (open == '"' || open == '[') {
                char close = open == '"' ? '"' : ']';
                i++;
                while (i < n && line.charAt(i) != close) {
                    i += line.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(n, i + 1);
            } else {
                while (i < n && line.charAt(i) != ' ') {
                    i++;
                }
            }
            out.add(line.substring(start, i));
        }
        return out;
    }
}
