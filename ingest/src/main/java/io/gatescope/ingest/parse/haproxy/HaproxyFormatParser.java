package io.gatescope.ingest.parse.haproxy;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.ProxyDetail;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.LineBytes;
import io.gatescope.ingest.parse.LogTemplate;
import io.gatescope.ingest.parse.MinuteCache;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HAProxy lines in the {@code log-format} the user configured ({@code --haproxy-log-format}, the
 * directive's body: {@code %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc ...
 * %{+Q}r}). The variables of the default HTTP format are read, by name; others are skipped. Lines
 * are matched after any syslog prefix. Not thread-safe.
 */
public final class HaproxyFormatParser {

    // %name, %{flags}name, %[sample,conv]
    private static final Pattern VARIABLE =
            Pattern.compile("%(?:\\{[^}]*\\})?(\\[[^\\]]*\\]|[A-Za-z]+)");

    private final LogTemplate template;
    private final MinuteCache dates = new MinuteCache();

    /**
     * @throws IllegalArgumentException with a one-line reason for a format that names neither a
     *     status nor a termination state
     */
    public HaproxyFormatParser(String format) {
        template = LogTemplate.compile(format.strip(), VARIABLE, "+Q");
        if (!template.names().contains("ST")
                && !template.names().contains("tsc")
                && !template.names().contains("ts")) {
            throw new IllegalArgumentException(
                    "the HAProxy log format needs %ST or %tsc: " + format);
        }
    }

    /** The event for a message in the format, or null when the message is not in it. */
    public LogEvent parse(String line, int from, ZoneId zone, String source) {
        Map<String, String> v = template.match(line.substring(from));
        if (v == null) {
            return null;
        }
        String date = first(v, "tr", "t", "trg");
        long accepted =
                date.isEmpty()
                        ? Timestamps.INVALID
                        : dates.parse(LineBytes.of(date), 0, date.length(), zone);
        if (accepted == Timestamps.INVALID) {
            return Rejection.of("bad-field:accept_date", source, line);
        }
        int status = integer(v.get("ST"), -1);
        String termination = first(v, "tsc", "ts");
        int tr = integer(first(v, "TR", "Tq"), -1);
        int tw = integer(v.get("Tw"), -1);
        int tc = integer(v.get("Tc"), -1);
        int trs = integer(v.get("Tr"), -1);
        int ta = integer(first(v, "Ta", "Tt"), -1);
        String server = first(v, "s");
        String backend = first(v, "b");
        String request = first(v, "r", "HU");
        String method = "";
        String uri = request;
        int sp1 = request.indexOf(' ');
        if (sp1 > 0) {
            int sp2 = request.lastIndexOf(' ');
            method = request.substring(0, sp1);
            uri = request.substring(sp1 + 1, sp2 > sp1 ? sp2 : request.length());
        }
        char who = termination.isEmpty() ? '-' : termination.charAt(0);
        boolean answered = who == '-' || who == 'C' || who == 'c' || who == 'L';
        int before = Math.max(0, tr) + Math.max(0, tw) + Math.max(0, tc);
        List<UpstreamTry> tries =
                server.isEmpty() || server.startsWith("<")
                        ? List.of()
                        : List.of(
                                new UpstreamTry(
                                        server,
                                        answered ? status : -1,
                                        seconds(tc),
                                        seconds(trs),
                                        ta >= 0 && tc >= 0 ? seconds(ta - before) : Double.NaN));
        String client = first(v, "ci");
        return new AccessEvent(
                accepted + Math.max(0, ta),
                GatewayKind.HAPROXY,
                backend,
                first(v, "hr").replace("{", "").replace("}", "").split("\\|", -1)[0],
                client,
                method,
                uri,
                status,
                seconds(ta),
                -1,
                false,
                tries,
                new ProxyDetail(
                        termination.isEmpty() ? "----" : termination, tw, -1, -1, -1, null, null),
                source,
                line);
    }

    private static String first(Map<String, String> v, String... names) {
        for (String n : names) {
            String s = v.get(n);
            if (s != null && !s.equals("-")) {
                return s;
            }
        }
        return "";
    }

    private static int integer(String s, int dflt) {
        if (s == null || s.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static double seconds(int millis) {
        return millis < 0 ? Double.NaN : millis / 1000.0;
    }
}
