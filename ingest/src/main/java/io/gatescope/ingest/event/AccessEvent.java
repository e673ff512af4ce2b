package io.gatescope.ingest.event;

import java.util.List;

/**
 * A request the gateway answered, from an access log (nginx), a load balancer log (ALB, ELB) or an
 * HAProxy HTTP log.
 *
 * @param timeMillis when the request ended (nginx writes the line at completion)
 * @param service what the client addressed: upstream group, backend, target group or Host
 * @param requestTime total time in seconds, {@code NaN} when unknown
 * @param connection the proxy's connection serial ({@code $connection}), -1 when not logged
 * @param upgrade the request asked for a WebSocket upgrade
 * @param tries the proxy's attempts to reach peers, in order; empty when it made none
 * @param detail gateway-specific fields, or null
 */
public record AccessEvent(
        long timeMillis,
        GatewayKind gateway,
        String service,
        String host,
        String client,
        String method,
        String uri,
        int status,
        double requestTime,
        long connection,
        boolean upgrade,
        List<UpstreamTry> tries,
        ProxyDetail detail,
        String source,
        String raw)
        implements LogEvent {

    /** The last peer tried, which produced the answer the client saw; null when none. */
    public UpstreamTry lastTry() {
        return tries.isEmpty() ? null : tries.get(tries.size() - 1);
    }

    /** The same request counted under another service. */
    public AccessEvent withService(String other) {
        return new AccessEvent(
                timeMillis,
                gateway,
                other,
                host,
                client,
                method,
                uri,
                status,
                requestTime,
                connection,
                upgrade,
                tries,
                detail,
                source,
                raw);
    }

    /** The request line as nginx writes it in the error log: {@code METHOD URI PROTO}. */
    public String requestKey() {
        return method + " " + uri;
    }
}
