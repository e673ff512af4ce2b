package io.gatescope.ingest.parse.envoy;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.ProxyDetail;
import io.gatescope.ingest.event.UpstreamTry;
import java.util.List;

/**
 * What an Envoy access-log entry says, whichever format wrote it (the default text, Istio's text, a
 * JSON access log, a custom {@code format}), turned into the one request event every gateway gives.
 * Fields a format does not write are "" (text) or NaN (times).
 */
final class EnvoyAccess {

    String method = "";
    String path = "";
    String protocol = "";
    int code = -1;
    String flags = "";
    String details = "";
    String termination = "";
    String transportFailure = "";
    double durationMs = Double.NaN;
    double upstreamServiceMs = Double.NaN;
    String forwardedFor = "";
    String authority = "";
    String upstreamHost = "";
    String cluster = "";
    String downstreamRemote = "";
    String route = "";

    /** The event, or null when the entry is no HTTP request (a TCP proxy's connection). */
    AccessEvent toEvent(long endMillis, String source, String raw) {
        if (method.isEmpty() || method.equals("-")) {
            return null;
        }
        String peer = upstreamHost.startsWith("tcp://") ? upstreamHost.substring(6) : upstreamHost;
        boolean viaUpstream = flags.isEmpty() || details.equals("via_upstream");
        List<UpstreamTry> tries =
                peer.isEmpty()
                        ? List.of()
                        : List.of(
                                new UpstreamTry(
                                        peer,
                                        viaUpstream ? code : -1,
                                        UpstreamTry.NOT_LOGGED,
                                        Double.isNaN(upstreamServiceMs)
                                                ? Double.NaN
                                                : upstreamServiceMs / 1000,
                                        Double.isNaN(durationMs) ? Double.NaN : durationMs / 1000));
        String reason = details;
        if (!transportFailure.isEmpty()) {
            reason = reason.isEmpty() ? transportFailure : reason + " " + transportFailure;
        }
        return new AccessEvent(
                endMillis,
                GatewayKind.ENVOY,
                service(),
                authority,
                client(),
                method,
                path,
                code,
                Double.isNaN(durationMs) ? Double.NaN : durationMs / 1000,
                -1,
                false,
                tries,
                new ProxyDetail(flags, -1, -1, -1, -1, reason, termination),
                source,
                raw);
    }

    /**
     * The upstream cluster the request was routed to (an Istio sidecar's outbound cluster names the
     * service); an inbound cluster names only a port, so the authority the client asked for says
     * more, and the route when there is neither.
     */
    private String service() {
        if (!cluster.isEmpty() && !cluster.startsWith("inbound|")) {
            return cluster;
        }
        if (!authority.isEmpty()) {
            return authority;
        }
        return !route.isEmpty() ? route : "envoy";
    }

    private String client() {
        String c = downstreamRemote;
        if (c.isEmpty() && !forwardedFor.isEmpty()) {
            int comma = forwardedFor.indexOf(',');
            c = (comma < 0 ? forwardedFor : forwardedFor.substring(0, comma)).trim();
            return c;
        }
        int colon = c.lastIndexOf(':');
        return colon > 0 && c.indexOf(':') == colon ? c.substring(0, colon) : c;
    }

    /** "-" is how Envoy writes an empty field. */
    static String value(String s) {
        return s == null || s.equals("-") ? "" : s;
    }
}
