package io.gatescope.ingest.parse.appserver;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address an application server says it listens on ({@code Listening at:
 * http://10.0.3.11:8000}, {@code * Listening on tcp://10.0.3.11:3000}, {@code bound to UNIX address
 * /run/uwsgi/app.sock}), written the way a gateway names its peer ({@code 10.0.3.11:8000}, {@code
 * unix:/run/uwsgi/app.sock}): the join from a server's log, which names no machine, to the 502s of
 * its peer. A wildcard address ({@code 0.0.0.0}, {@code [::]}) names no machine and gives nothing.
 */
public final class ListenAddress {

    private static final Pattern ANNOUNCED =
            Pattern.compile(
                    "(?:Listening at:? |Listening on:? |bound to (?:TCP|UNIX) address )"
                            + "([^\\s(),]+)");

    private ListenAddress() {}

    /** The peer address the line announces, or "" when it announces none or a wildcard. */
    public static String in(String line) {
        if (!line.contains("Listening") && !line.contains(" bound to ")) {
            return ""; // most lines: no regular expression run
        }
        Matcher m = ANNOUNCED.matcher(line);
        if (!m.find()) {
            return "";
        }
        String a = m.group(1);
        String lower = a.toLowerCase(Locale.ROOT);
        if (lower.startsWith("unix://")) {
            return "unix:" + a.substring(7);
        }
        if (lower.startsWith("unix:")) {
            return a;
        }
        if (a.startsWith("/")) {
            return "unix:" + a;
        }
        int scheme = a.indexOf("://");
        if (scheme > 0) {
            a = a.substring(scheme + 3);
        }
        while (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        if (a.startsWith("0.0.0.0") || a.startsWith("[::]") || a.startsWith(":")) {
            return "";
        }
        return a;
    }
}
