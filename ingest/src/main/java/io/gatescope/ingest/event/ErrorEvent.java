package io.gatescope.ingest.event;

/**
 * A gateway's own line about a failed request: the nginx error log, or the Go error that Traefik
 * and Caddy log when their proxy gives up ({@code dial tcp 10.0.0.5:8080: connect: connection
 * refused}).
 *
 * @param connection the {@code *CONN} number, equal to {@code $connection} in the access log; -1
 *     for lines without one
 * @param errno the system error number in parentheses, -1 when none
 * @param phase what nginx was doing: the text after {@code while}, "" when absent
 * @param upstream the {@code upstream:} field: {@code scheme://peer-or-group/uri}, "" when absent
 * @param gateway the gateway that wrote it
 */
public record ErrorEvent(
        long timeMillis,
        String level,
        long connection,
        String message,
        int errno,
        String phase,
        String client,
        String server,
        String request,
        String upstream,
        String host,
        String source,
        String raw,
        GatewayKind gateway)
        implements LogEvent {

    /** An nginx error line. */
    public ErrorEvent(
            long timeMillis,
            String level,
            long connection,
            String message,
            int errno,
            String phase,
            String client,
            String server,
            String request,
            String upstream,
            String host,
            String source,
            String raw) {
        this(
                timeMillis,
                level,
                connection,
                message,
                errno,
                phase,
                client,
                server,
                request,
                upstream,
                host,
                source,
                raw,
                GatewayKind.NGINX);
    }

    /** The same line with another {@code host:}. */
    public ErrorEvent withHost(String other) {
        return new ErrorEvent(
                timeMillis,
                level,
                connection,
                message,
                errno,
                phase,
                client,
                server,
                request,
                upstream,
                other,
                source,
                raw,
                gateway);
    }

    /** The peer or group named in the upstream field, without scheme and URI. */
    public String upstreamPeer() {
        String u = upstream;
        int scheme = u.indexOf("://");
        if (scheme >= 0) {
            u = u.substring(scheme + 3);
        }
        if (u.startsWith("unix:")) {
            int colon = u.indexOf(':', 5);
            return colon > 0 ? u.substring(0, colon) : u;
        }
        int slash = u.indexOf('/');
        return slash >= 0 ? u.substring(0, slash) : u;
    }
}
