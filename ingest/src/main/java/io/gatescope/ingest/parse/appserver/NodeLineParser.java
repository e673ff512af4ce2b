package io.gatescope.ingest.parse.appserver;

import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import io.gatescope.ingest.parse.Timestamps;

/**
 * What a Node.js process writes when it dies: an uncaught exception's stack on stderr and, since
 * v16, its version alone on the last line ({@code Node.js v18.18.0}); V8's {@code FATAL ERROR: ...
 * JavaScript heap out of memory}; pm2's {@code App [api:0] exited with code [1]}. Node logs nothing
 * when it closes an idle keep-alive socket: that race shows only at the gateway.
 */
public final class NodeLineParser {

    private NodeLineParser() {}

    /** The event a Node.js line reports, or null when the line is not one of these. */
    public static UpstreamEvent parse(String line, String source) {
        String m = line.startsWith("PM2 ") ? line.substring(line.indexOf('|') + 1).trim() : line;
        Signal s = signal(m);
        return s == null
                ? null
                : UpstreamEvent.of(Timestamps.INVALID, s, "node", subject(m), source, line);
    }

    private static Signal signal(String m) {
        if (m.startsWith("FATAL ERROR:") && m.contains("heap out of memory")) {
            return Signal.OOM_KILL;
        }
        if (isVersionLine(m)) {
            return Signal.CRASH; // the last line Node prints before it exits on an uncaught error
        }
        if (m.startsWith("App [") && m.contains(" exited with code [")) {
            return m.contains("exited with code [0]") ? Signal.STOPPING : Signal.CRASH;
        }
        if (m.startsWith("App [") && (m.contains(" starting in ") || m.contains(" online"))) {
            return Signal.STARTED;
        }
        return null;
    }

    /** {@code Node.js v18.18.0}, alone. */
    static boolean isVersionLine(String m) {
        if (!m.startsWith("Node.js v") || m.length() > 20) {
            return false;
        }
        for (int i = 9; i < m.length(); i++) {
            char c = m.charAt(i);
            if (!Character.isDigit(c) && c != '.') {
                return false;
            }
        }
        return m.length() > 9;
    }

    private static String subject(String m) {
        if (m.startsWith("App [")) {
            int end = m.indexOf(']');
            return end > 5 ? m.substring(5, end) : "node";
        }
        return "node";
    }
}
