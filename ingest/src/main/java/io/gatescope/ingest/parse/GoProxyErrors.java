package io.gatescope.ingest.parse;

import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.GatewayKind;

/**
 * The errors Go's net/http and net packages give a reverse proxy (Traefik, Caddy) when it cannot
 * reach or read its upstream: {@code dial tcp 10.0.0.5:8080: connect: connection refused}, {@code
 * read tcp 10.0.0.2:41000->10.0.0.5:8080: read: connection reset by peer}, {@code dial tcp: lookup
 * api on 127.0.0.11:53: no such host}. They become error events like nginx's, naming the peer.
 */
public final class GoProxyErrors {

    private GoProxyErrors() {}

    /** The upstream a Go error names ({@code 10.0.0.5:8080}), or "" when it names none. */
    public static String peer(String message) {
        int arrow = message.indexOf("->");
        if (arrow > 0
                && (message.startsWith("read tcp")
                        || message.startsWith("write tcp")
                        || message.contains(" read tcp ")
                        || message.contains(" write tcp "))) {
            return upTo(message, arrow + 2);
        }
        int dial = message.indexOf("dial tcp ");
        if (dial >= 0) {
            return upTo(message, dial + 9);
        }
        dial = message.indexOf("dial unix ");
        if (dial >= 0) {
            String p = upTo(message, dial + 10);
            return p.isEmpty() ? "" : "unix:" + p;
        }
        return "";
    }

    /** From {@code at} to the {@code ": "} that ends an address. */
    private static String upTo(String m, int at) {
        int end = m.indexOf(": ", at);
        String p = end < 0 ? m.substring(at) : m.substring(at, end);
        return p.indexOf(' ') >= 0 ? "" : p;
    }

    /** An error event for a proxy's failed request; "" for what the line does not say. */
    public static ErrorEvent event(
            long time,
            String level,
            String message,
            GatewayKind gateway,
            String client,
            String request,
            String host,
            String source,
            String raw) {
        String peer = peer(message);
        return new ErrorEvent(
                time, level, -1, message, -1, "", client, "", request, peer, host, source, raw,
                gateway);
    }
}
