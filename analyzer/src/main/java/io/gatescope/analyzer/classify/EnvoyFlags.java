package io.gatescope.analyzer.classify;

import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ProxyDetail;
import io.gatescope.ingest.event.UpstreamTry;
import java.util.Locale;

/**
 * Reads Envoy's response flags ({@code UF,URX}) with its response code details and upstream
 * transport failure reason, the way Envoy's documentation defines them (shared/UPSTREAM-EVIDENCE.md
 * 3.1): what failed between the proxy and the upstream, or that the upstream itself answered.
 */
final class EnvoyFlags {

    private EnvoyFlags() {}

    /** Flags that say the upstream side failed (the client's side, routes and limits do not). */
    static boolean upstreamFailure(String flags) {
        for (String f : flags.split(",")) {
            switch (f.trim()) {
                case "UH",
                        "UF",
                        "UO",
                        "UT",
                        "UC",
                        "UR",
                        "LR",
                        "UPE",
                        "DF",
                        "UMSDR",
                        "OM",
                        "URX",
                        "DO",
                        "LH",
                        "NoHealthyUpstream",
                        "UpstreamConnectionFailure",
                        "UpstreamOverflow",
                        "UpstreamRequestTimeout",
                        "UpstreamConnectionTermination",
                        "UpstreamRemoteReset",
                        "LocalReset",
                        "UpstreamProtocolError",
                        "DnsResolutionFailed",
                        "UpstreamRetryLimitExceeded" -> {
                    return true;
                }
                default -> {}
            }
        }
        return false;
    }

    static FailureClass classify(AccessEvent a) {
        ProxyDetail d = a.detail();
        String flags = d == null ? "" : d.terminationState();
        String why =
                d == null || d.errorName() == null ? "" : d.errorName().toLowerCase(Locale.ROOT);
        if (flags.isEmpty() || why.startsWith("via_upstream")) {
            return a.status() >= 502 && a.status() <= 504
                    ? FailureClass.UPSTREAM_ANSWERED_ERROR
                    : FailureClass.UNCLASSIFIED;
        }
        if (has(flags, "DF", "DnsResolutionFailed")) {
            return FailureClass.DNS;
        }
        if (has(flags, "UH", "NoHealthyUpstream")) {
            return FailureClass.NO_LIVE_UPSTREAMS;
        }
        if (has(flags, "UF", "UpstreamConnectionFailure")) {
            return connectFailure(why, a);
        }
        if (has(flags, "UO", "UpstreamOverflow")) {
            // Circuit breaking: more requests waiting for the cluster than it may take.
            return FailureClass.QUEUE_TIMEOUT;
        }
        if (has(flags, "UT", "UpstreamRequestTimeout")) {
            return FailureClass.READ_TIMEOUT;
        }
        if (has(flags, "UPE", "UpstreamProtocolError")) {
            return FailureClass.INVALID_RESPONSE;
        }
        if (has(flags, "UC", "UpstreamConnectionTermination", "UR", "UpstreamRemoteReset")) {
            UpstreamTry t = a.lastTry();
            double took = t != null ? t.responseTime() : a.requestTime();
            return UpstreamTry.measured(took) && took >= RequestClassifier.SLOW_SECONDS
                    ? FailureClass.CLOSED_SLOW
                    : FailureClass.CLOSED_FAST;
        }
        if (has(flags, "UMSDR", "OM", "DO")) {
            return FailureClass.PROXY_LIMIT;
        }
        return FailureClass.UNCLASSIFIED;
    }

    /**
     * A connect failure, by its reason: {@code delayed connect error: 111} (or "Connection
     * refused"), a timeout, a TLS error ({@code TLS_error:...CERTIFICATE_VERIFY_FAILED}), no route.
     */
    private static FailureClass connectFailure(String why, AccessEvent a) {
        if (why.contains("certificate") || why.contains("verify")) {
            return FailureClass.TLS_CERTIFICATE;
        }
        if (why.contains("tls") || why.contains("ssl") || why.contains("handshake")) {
            return FailureClass.TLS_HANDSHAKE;
        }
        if (why.contains("111") || why.contains("refused")) {
            return FailureClass.CONNECT_REFUSED;
        }
        if (why.contains("113")
                || why.contains("no_route")
                || why.contains("no route")
                || why.contains("unreachable")
                || why.contains("101")) {
            return FailureClass.CONNECT_UNREACHABLE;
        }
        if (why.contains("timeout") || why.contains("timed out") || a.status() == 504) {
            return FailureClass.CONNECT_TIMEOUT;
        }
        return FailureClass.CONNECT_FAILED;
    }

    private static boolean has(String flags, String... any) {
        for (String f : flags.split(",")) {
            String t = f.trim();
            for (String a : any) {
                if (t.equals(a)) {
                    return true;
                }
            }
        }
        return false;
    }
}
