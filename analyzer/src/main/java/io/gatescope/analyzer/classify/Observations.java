package io.gatescope.analyzer.classify;

import io.gatescope.analyzer.dimensions.LineHash;
import io.gatescope.analyzer.dimensions.RequestDimensions;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Observation;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.HealthEvent;
import io.gatescope.ingest.event.ProxyDetail;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.redact.SecretRedactor;
import java.util.List;
import java.util.Locale;

/** Builds {@link Observation}s from events: what each request or line adds to the statistics. */
public final class Observations {

    private Observations() {}

    /**
     * A request, with the error line that explains it when the correlator found one.
     *
     * @param service the service after resolution (never empty)
     */
    public static Observation ofRequest(AccessEvent a, ErrorEvent explained, String service) {
        boolean gatewayError = RequestClassifier.isGatewayError(a);
        List<String> failedPeers = RequestClassifier.failedPeers(a, gatewayError);
        String explainedPeer = explained == null ? "" : peerOf(explained);
        if (gatewayError && failedPeers.isEmpty() && !explainedPeer.isEmpty()) {
            // The access log does not name peers (combined format): the error line does.
            failedPeers = List.of(explainedPeer);
        }
        FailureClass errClass = explained == null ? null : ErrorLineClassifier.classify(explained);
        FailureClass failure =
                gatewayError || !failedPeers.isEmpty()
                        ? RequestClassifier.classify(a, errClass)
                        : null;
        UpstreamTry last = a.lastTry();
        long upstreamMillis =
                last != null && UpstreamTry.measured(last.responseTime())
                        ? Math.round(last.responseTime() * 1000)
                        : -1;
        String evidence = "";
        String example = null;
        if (failure != null && gatewayError) {
            evidence =
                    explained != null
                            ? SecretRedactor.redact(ErrorLineClassifier.evidenceText(explained))
                            : describe(a, failure);
            example = SecretRedactor.redact(explained != null ? explained.raw() : a.raw());
        }
        return new Observation(
                Observation.Kind.REQUEST,
                service,
                a.timeMillis(),
                a.gateway().name(),
                // nginx logs the group's name in $upstream_addr when no live peer was left: no
                // peer.
                last == null || !RequestClassifier.isPeer(a.gateway(), last.address())
                        ? explainedPeer
                        : last.address(),
                a.status(),
                gatewayError,
                failure,
                upstreamMillis,
                failedPeers,
                // A failed handshake counts as an upgrade even when only its URI says it was one
                // (the fast path reads healthy lines, whose count needs no URI).
                gatewayError ? RequestClassifier.asksUpgrade(a) : a.upgrade(),
                a.status() == 101 && !Double.isNaN(a.requestTime()) ? a.requestTime() : 0,
                evidence,
                example,
                Observation.originOf(a.source()),
                // Healthy requests are sampled where they are counted (the parser's fast path).
                gatewayError || !failedPeers.isEmpty() ? RequestDimensions.of(a) : null,
                gatewayError || !failedPeers.isEmpty() ? LineHash.of(a.raw()) : 0);
    }

    /** An nginx error line no request claimed: evidence for its upstream, not a client error. */
    public static Observation ofErrorLine(ErrorEvent e, FailureClass c, String service) {
        return new Observation(
                Observation.Kind.ERROR_LINE,
                service,
                e.timeMillis(),
                e.gateway().name(),
                peerOf(e),
                0,
                false,
                c,
                -1,
                List.of(),
                false,
                0,
                SecretRedactor.redact(ErrorLineClassifier.evidenceText(e)),
                SecretRedactor.redact(e.raw()),
                Observation.originOf(e.source()));
    }

    /** The peer an error line names, or "" when it names a group or nothing. */
    static String peerOf(ErrorEvent e) {
        String p = e.upstreamPeer();
        return p.indexOf(':') > 0 || p.startsWith("unix:") ? p : "";
    }

    /** How the evidence of a failed health check begins, its reason following. */
    public static final String HEALTH_DOWN_EVIDENCE = "server is DOWN, reason: ";

    /**
     * A health-check event: a peer marked down, or a backend without servers. A check that says why
     * it failed in terms of a cause (a TLS handshake, a name that does not resolve, no route) is
     * classified as that cause, since it tells why the peer left the group.
     */
    public static Observation ofHealth(HealthEvent h) {
        FailureClass c =
                h.state() == HealthEvent.HealthState.NO_SERVER_AVAILABLE
                        ? FailureClass.NO_LIVE_UPSTREAMS
                        : healthReason(h.reason());
        return new Observation(
                Observation.Kind.HEALTH,
                h.backend(),
                h.timeMillis(),
                h.gateway().name(),
                h.server(),
                0,
                false,
                c,
                -1,
                List.of(),
                false,
                0,
                h.state() == HealthEvent.HealthState.NO_SERVER_AVAILABLE
                        ? "backend has no server available"
                        : HEALTH_DOWN_EVIDENCE + h.reason(),
                SecretRedactor.redact(h.raw()));
    }

    /** What a failed health check's reason names (HAProxy's "Layer6 ... SSL handshake ..."). */
    static FailureClass healthReason(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("ssl") || r.contains("tls")) {
            return FailureClass.TLS_HANDSHAKE;
        }
        if (r.contains("dns")) {
            return FailureClass.DNS;
        }
        if (r.contains("no route to host") || r.contains("unreachable")) {
            return FailureClass.CONNECT_UNREACHABLE;
        }
        return FailureClass.PEER_MARKED_DOWN;
    }

    /**
     * Evidence text for a failure that no error line explains: what the request's own line shows.
     */
    static String describe(AccessEvent a, FailureClass failure) {
        ProxyDetail d = a.detail();
        return switch (a.gateway()) {
            case HAPROXY ->
                    "termination state "
                            + d.terminationPhase()
                            + (d.errorName() != null ? " (" + d.errorName() + ")" : "")
                            + ": "
                            + failure.description();
            case ALB, ELB -> {
                UpstreamTry t = a.lastTry();
                String target =
                        t == null
                                ? "no target"
                                : "target_status_code "
                                        + (t.status() < 0 ? "-" : Integer.toString(t.status()));
                String reason =
                        d != null && d.errorName() != null ? ", error_reason " + d.errorName() : "";
                yield "elb_status_code "
                        + a.status()
                        + ", "
                        + target
                        + reason
                        + ": "
                        + failure.description();
            }
            case ENVOY ->
                    a.status()
                            + (d == null || d.terminationState().isEmpty()
                                    ? " from the upstream"
                                    : " " + d.terminationState())
                            + (d != null && d.errorName() != null && !d.errorName().isEmpty()
                                    ? " (" + d.errorName() + ")"
                                    : "")
                            + ": "
                            + failure.description();
            case NGINX, TRAEFIK, CADDY ->
                    a.status() + " with no error-log line: " + failure.description();
        };
    }
}
