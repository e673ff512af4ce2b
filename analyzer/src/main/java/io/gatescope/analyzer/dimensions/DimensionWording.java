package io.gatescope.analyzer.dimensions;

import io.gatescope.analyzer.model.Dimension;
import io.gatescope.analyzer.model.Fix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sentence an incident's summary gains from its {@link CommonValues}: "All 240 failing requests
 * were POST /v2/invoices/{id}/render (9% of all requests), cut at 60.0–60.1 s: a 60 s timeout
 * (nginx's proxy_read_timeout default)."
 */
public final class DimensionWording {

    /** Round timeouts and who defaults to them, for a band that starts at a whole second. */
    private static final Map<Long, String> TIMEOUT_DEFAULTS =
            Map.of(
                    60L, "nginx's proxy_read_timeout and an AWS load balancer's idle timeout",
                    30L, "gunicorn's --timeout and many PaaS routers",
                    15L, "Envoy's route timeout",
                    50L, "HAProxy's sample 'timeout server 50000'");

    private DimensionWording() {}

    /** The sentence, or "" when nothing stands out. */
    public static String sentence(List<Dimension> dims, long failingRequests) {
        Optional<Dimension> path = first(dims, "path");
        Optional<Dimension> method = first(dims, "method");
        List<String> facts = new ArrayList<>();
        if (path.isPresent() || method.isPresent()) {
            Dimension lead = path.orElseGet(method::get);
            String what =
                    method.map(m -> m.value() + " ").orElse("")
                            + path.map(Dimension::value).orElse("requests");
            facts.add(
                    quantity(lead.failing(), failingRequests)
                            + " were "
                            + what
                            + " ("
                            + percent(lead.baseline())
                            + " of all requests)"
                            + (path.isEmpty()
                                            && method.filter(m -> !idempotent(m.value()))
                                                    .isPresent()
                                    ? ": the proxy retries only idempotent requests on another"
                                            + " peer, so the other methods' failures were hidden"
                                            + " by retries"
                                    : ""));
        }
        first(dims, "peer").ifPresent(p -> facts.add(share(p) + " went to " + p.value()));
        first(dims, "client").ifPresent(c -> facts.add(share(c) + " came from " + c.value()));
        first(dims, "userAgent")
                .ifPresent(u -> facts.add(share(u) + " came from user agent " + u.value()));
        first(dims, "host").ifPresent(h -> facts.add(share(h) + " were for host " + h.value()));
        first(dims, "upstreamTime")
                .ifPresent(
                        t ->
                                facts.add(
                                        share(t)
                                                + (bandStart(t) >= 1
                                                        ? " were cut at " + cut(t)
                                                        : " failed within " + t.value())));
        if (facts.isEmpty()) {
            return "";
        }
        String s = String.join("; ", facts);
        if (path.isEmpty() && method.isEmpty()) {
            s = "Of the " + failingRequests + " failing requests, " + s;
        }
        return s + ".";
    }

    /** What a band at a whole second says: a timeout and who defaults to it, or "". */
    public static String timeoutNote(Dimension band) {
        long seconds = timeoutSeconds(band);
        if (seconds <= 0) {
            return "";
        }
        String who = TIMEOUT_DEFAULTS.get(seconds);
        if (who != null) {
            return "a " + seconds + " s timeout (the default of " + who + ")";
        }
        return "a " + seconds + " s timeout somewhere on the path";
    }

    /** The whole second a band starts at when it is a timeout's, else 0. */
    public static long timeoutSeconds(Dimension band) {
        if (!"upstreamTime".equals(band.field())) {
            return 0;
        }
        double start = bandStart(band);
        long s = Math.round(start);
        return s >= 1 && Math.abs(start - s) < 0.01 ? s : 0;
    }

    /**
     * The fix a timeout's band calls for: the setting that cuts at that second on this gateway, and
     * where to change it (the endpoint's own location or route, when one path stands out).
     */
    public static Fix timeoutFix(Dimension band, List<Dimension> dims, String gateway) {
        long s = timeoutSeconds(band);
        String where =
                first(dims, "path")
                        .map(p -> " for " + p.value() + " only (its own location or route)")
                        .orElse("");
        String config =
                switch (gateway) {
                    case "ALB", "ELB" -> "idle_timeout.timeout_seconds (load balancer attribute)";
                    case "HAPROXY" -> "timeout server " + s + "s";
                    case "ENVOY" -> "route: timeout: " + s + "s";
                    case "TRAEFIK" -> "serversTransport forwardingTimeouts.responseHeaderTimeout";
                    case "CADDY" -> "reverse_proxy { transport http { response_header_timeout } }";
                    default -> "proxy_read_timeout " + s + "s;";
                };
        return new Fix(
                "Requests are cut by a " + s + " s timeout",
                "Every failing request ended at "
                        + band.value()
                        + ": a configured limit, not a slow server at random. Find why these"
                        + " requests take longer (a slow query, a renderer, a lock), or raise the"
                        + " limit"
                        + where
                        + " if they are meant to take that long; the upstream's own timeout must"
                        + " stay below the proxy's.",
                config);
    }

    /** Where an upstream-time band starts, in seconds. */
    static double bandStart(Dimension band) {
        String v = band.value();
        return Double.parseDouble(v.substring(0, v.indexOf('–')));
    }

    private static String cut(Dimension t) {
        String note = timeoutNote(t);
        return note.isEmpty() ? t.value() : t.value() + ": " + note;
    }

    /** Methods nginx (non_idempotent off), HAProxy and Envoy retry on another peer. */
    static boolean idempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    private static Optional<Dimension> first(List<Dimension> dims, String field) {
        return dims.stream().filter(d -> d.field().equals(field)).findFirst();
    }

    private static String quantity(double share, long n) {
        if (share >= 0.9995) {
            return "All " + n + " failing requests";
        }
        if (share >= 0.95) {
            return "Nearly all " + n + " failing requests";
        }
        return percent(share) + " of the " + n + " failing requests";
    }

    private static String share(Dimension d) {
        return d.failing() >= 0.9995 ? "all" : percent(d.failing());
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
