package io.gatescope.analyzer.classify;

import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.ProxyDetail;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.AccessView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a request failed at the gateway and with which signature, from what the request's
 * own line says: HAProxy's termination state, ALB's timers and error_reason, nginx's upstream
 * timing fingerprints (connect never completed, premature close, no peer at all). An explaining
 * nginx error line, when the correlator found one, takes precedence.
 */
public final class RequestClassifier {

    /** Upstream time under which a close counts as immediate (keep-alive race, refused). */
    static final double FAST_SECONDS = 0.1;

    /** Upstream time over which a close counts as after real work (crash, worker killed). */
    static final double SLOW_SECONDS = 1.0;

    private RequestClassifier() {}

    /** The client got a 502 or 504, or a 503 that the proxy made itself. */
    public static boolean isGatewayError(AccessEvent a) {
        int s = a.status();
        if (s == 502 || s == 504) {
            return true;
        }
        if (s != 503) {
            return false;
        }
        return switch (a.gateway()) {
            case HAPROXY -> {
                char who = a.detail() == null ? '-' : a.detail().terminationState().charAt(0);
                yield who == 'S' || who == 's' || who == 'P' || who == 'R' || a.tries().isEmpty();
            }
            case ALB, ELB -> a.lastTry() == null || a.lastTry().status() < 0;
            case ENVOY -> EnvoyFlags.upstreamFailure(flags(a));
            // Traefik's "no available server" (nothing healthy) is its own 503; Caddy's
            // "no upstreams available" a 502 or 503 that its error log explains.
            case TRAEFIK, CADDY, NGINX -> false;
        };
    }

    /**
     * The request went well: no gateway error and no failed try, not even a hidden retry. It then
     * only counts as traffic ({@link io.gatescope.analyzer.model.StepStats#countRequest}).
     */
    public static boolean isHealthy(AccessEvent a) {
        return !isGatewayError(a) && failedPeers(a, false).isEmpty();
    }

    /**
     * {@link #isHealthy(AccessEvent)} for a line read in place, or stricter: a load balancer's 503
     * needs its full event to tell who answered (nginx's own 503s are limits, not failures).
     */
    public static boolean isHealthy(AccessView v) {
        int s = v.status();
        return s != 502
                && s != 504
                && (s != 503 || v.gateway() == GatewayKind.NGINX)
                && !v.failedBeforeLast();
    }

    private static String flags(AccessEvent a) {
        return a.detail() == null ? "" : a.detail().terminationState();
    }

    /** Peers whose tries failed, including retries hidden from the client. */
    public static List<String> failedPeers(AccessEvent a, boolean gatewayError) {
        List<UpstreamTry> tries = a.tries();
        List<String> out = null;
        for (int i = 0; i < tries.size(); i++) {
            UpstreamTry t = tries.get(i);
            boolean last = i == tries.size() - 1;
            boolean failed =
                    last ? gatewayError : t.status() < 0 || t.status() >= 502 && t.status() <= 504;
            if (failed && isPeer(a.gateway(), t.address())) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(t.address());
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * A try's address names a peer: not "-" (no peer was tried), and for nginx not the group's
     * name, which nginx logs in its place when no live peer is left (peers are written with a port
     * or as {@code unix:} paths).
     */
    public static boolean isPeer(GatewayKind gateway, String address) {
        return !"-".equals(address)
                && !address.isEmpty()
                && (gateway != GatewayKind.NGINX || address.indexOf(':') >= 0);
    }

    /**
     * The signature of a failed request.
     *
     * @param fromErrorLine the class of the error line that explains it, or null
     */
    public static FailureClass classify(AccessEvent a, FailureClass fromErrorLine) {
        UpstreamTry last = a.lastTry();
        double upstream = last == null ? -1 : last.responseTime();
        FailureClass c;
        if (fromErrorLine != null) {
            c =
                    fromErrorLine == FailureClass.CLOSED_FAST && upstream >= SLOW_SECONDS
                            ? FailureClass.CLOSED_SLOW
                            : fromErrorLine;
        } else {
            c =
                    switch (a.gateway()) {
                        case HAPROXY -> haproxy(a);
                        case ALB, ELB -> loadBalancer(a);
                        case ENVOY -> EnvoyFlags.classify(a);
                        case NGINX -> nginx(a);
                        // Their access lines say no more than the status: the error log does.
                        case TRAEFIK, CADDY ->
                                a.status() == 504
                                        ? FailureClass.READ_TIMEOUT
                                        : FailureClass.UNCLASSIFIED;
                    };
        }
        // A handshake the upstream dropped, cut or answered wrongly is a WebSocket failure; one
        // that found no live peer, no name or no TLS failed like any other request.
        boolean handshakeBroke =
                c == FailureClass.CLOSED_FAST
                        || c == FailureClass.CLOSED_SLOW
                        || c == FailureClass.TARGET_CLOSED
                        || c == FailureClass.INVALID_RESPONSE
                        || c == FailureClass.UNCLASSIFIED;
        return handshakeBroke && asksUpgrade(a) && a.status() != 101
                ? FailureClass.WS_UPGRADE_FAILED
                : c;
    }

    /**
     * The request is a WebSocket handshake: the log says so ({@code $http_upgrade}, a 101), or its
     * URI is one that only handshakes use (Socket.IO's and Engine.IO's {@code transport=websocket},
     * SockJS's {@code /websocket} endpoint), which matters when the access log does not record the
     * Upgrade header.
     */
    public static boolean asksUpgrade(AccessEvent a) {
        return a.upgrade() || websocketUri(a.uri());
    }

    /** A request target that only WebSocket handshakes use. */
    public static boolean websocketUri(String uri) {
        if (uri == null || uri.isEmpty()) {
            return false;
        }
        if (uri.contains("transport=websocket")) {
            return true;
        }
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        return path.endsWith("/websocket") || path.endsWith("/websocket/");
    }

    private static FailureClass nginx(AccessEvent a) {
        UpstreamTry t = a.lastTry();
        if (t == null) {
            return FailureClass.UNCLASSIFIED;
        }
        String addr = t.address();
        if ("-".equals(addr) || addr.isEmpty()) {
            return a.status() == 502 ? FailureClass.DNS : FailureClass.UNCLASSIFIED;
        }
        if (addr.indexOf(':') < 0) {
            return FailureClass
                    .NO_LIVE_UPSTREAMS; // nginx logs the group's name when no peer is left
        }
        if (UpstreamTry.measured(t.headerTime()) && t.status() >= 500) {
            return FailureClass.UPSTREAM_ANSWERED_ERROR;
        }
        boolean timeout = a.status() == 504;
        if (UpstreamTry.notReached(t.connectTime())) {
            if (timeout) {
                return FailureClass.CONNECT_TIMEOUT;
            }
            // A refused connect fails within milliseconds; one that fails after seconds waited for
            // an answer that never came: an ARP or ICMP failure (EHOSTUNREACH) on a broken path.
            return UpstreamTry.measured(t.responseTime()) && t.responseTime() >= SLOW_SECONDS
                    ? FailureClass.CONNECT_UNREACHABLE
                    : FailureClass.CONNECT_FAILED;
        }
        if (UpstreamTry.measured(t.connectTime())) {
            return timeout ? FailureClass.READ_TIMEOUT : closeBy(t.responseTime());
        }
        // Neither connect nor header time logged: only the response time speaks.
        if (timeout) {
            return FailureClass.READ_TIMEOUT;
        }
        double rt = t.responseTime();
        if (UpstreamTry.measured(rt) && rt >= SLOW_SECONDS) {
            return FailureClass.CLOSED_SLOW;
        }
        return UpstreamTry.measured(rt) ? FailureClass.CONNECT_FAILED : FailureClass.UNCLASSIFIED;
    }

    private static FailureClass closeBy(double responseTime) {
        return UpstreamTry.measured(responseTime) && responseTime >= SLOW_SECONDS
                ? FailureClass.CLOSED_SLOW
                : FailureClass.CLOSED_FAST;
    }

    private static FailureClass haproxy(AccessEvent a) {
        ProxyDetail d = a.detail();
        String phase = d.terminationPhase();
        String err = d.errorName() == null ? "" : d.errorName();
        if (err.startsWith("SSL")) {
            return FailureClass.TLS_HANDSHAKE;
        }
        if (err.contains("UNREACH")) {
            return FailureClass.CONNECT_UNREACHABLE;
        }
        return switch (phase) {
            case "SC" ->
                    a.tries().isEmpty()
                            ? FailureClass.NO_LIVE_UPSTREAMS
                            : FailureClass.CONNECT_REFUSED;
            case "sC" -> FailureClass.CONNECT_TIMEOUT;
            case "SH", "SD" -> {
                UpstreamTry t = a.lastTry();
                yield t != null ? closeBy(t.responseTime()) : FailureClass.CLOSED_FAST;
            }
            case "sH", "sD" -> FailureClass.READ_TIMEOUT;
            case "sQ", "SQ" -> FailureClass.QUEUE_TIMEOUT;
            case "PH", "PD" -> FailureClass.INVALID_RESPONSE;
            case "PC", "RC", "PR", "RR" -> FailureClass.PROXY_LIMIT;
            default -> {
                if (a.tries().isEmpty() && a.status() == 503) {
                    yield FailureClass.NO_LIVE_UPSTREAMS;
                }
                yield a.status() >= 500
                        ? FailureClass.UPSTREAM_ANSWERED_ERROR
                        : FailureClass.UNCLASSIFIED;
            }
        };
    }

    private static FailureClass loadBalancer(AccessEvent a) {
        String reason =
                a.detail() == null || a.detail().errorName() == null
                        ? ""
                        : a.detail().errorName().toLowerCase(Locale.ROOT);
        if (!reason.isEmpty()) {
            if (reason.contains("tls")
                    || reason.contains("ssl")
                    || reason.contains("certificate")) {
                return FailureClass.TLS_HANDSHAKE;
            }
            if (reason.contains("dns")) {
                return FailureClass.DNS;
            }
            if (reason.contains("timeout")) {
                return FailureClass.READ_TIMEOUT;
            }
            if (reason.startsWith("lambda")
                    || reason.contains("invalid")
                    || reason.contains("toolarge")
                    || reason.contains("header")) {
                return reason.contains("header") || reason.contains("toolarge")
                        ? FailureClass.HEADER_TOO_BIG
                        : FailureClass.INVALID_RESPONSE;
            }
            if (reason.contains("connection") || reason.contains("refused")) {
                return FailureClass.TARGET_CLOSED;
            }
        }
        UpstreamTry t = a.lastTry();
        if (t == null) {
            return a.status() == 504
                    ? FailureClass.CONNECT_TIMEOUT
                    : FailureClass.NO_LIVE_UPSTREAMS;
        }
        if (t.status() >= 500) {
            return FailureClass.UPSTREAM_ANSWERED_ERROR;
        }
        double took = a.requestTime();
        if (a.status() == 504) {
            // A classic ELB's 504 is its idle timeout: the instance did not answer in time.
            if (!UpstreamTry.notReached(t.responseTime()) || a.gateway() == GatewayKind.ELB) {
                return FailureClass.READ_TIMEOUT;
            }
            // An ALB gives up a connect after 10 s; a target that accepted but did not answer is
            // cut at the idle timeout (60 s by default). Without a duration the line cannot tell.
            return Double.isNaN(took)
                            || took >= ALB_CONNECT_TIMEOUT - 0.5 && took < ALB_CONNECT_TIMEOUT + 1.5
                    ? FailureClass.CONNECT_TIMEOUT
                    : FailureClass.READ_TIMEOUT;
        }
        if (a.status() == 503) {
            return FailureClass.NO_LIVE_UPSTREAMS;
        }
        // -1 timings: the target closed or reset; after working on the request for a while, it
        // was a worker that died or was killed, not a port that refused.
        return UpstreamTry.notReached(t.responseTime()) && took >= SLOW_SECONDS
                ? FailureClass.CLOSED_SLOW
                : FailureClass.TARGET_CLOSED;
    }

    /** Seconds an ALB waits for a target to accept a connection (fixed by AWS). */
    static final double ALB_CONNECT_TIMEOUT = 10;

    /** True for the gateway kinds whose failures an nginx error line may explain. */
    public static boolean needsErrorLine(AccessEvent a) {
        return a.gateway() == GatewayKind.NGINX
                || a.gateway() == GatewayKind.TRAEFIK
                || a.gateway() == GatewayKind.CADDY;
    }
}
