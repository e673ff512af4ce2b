package io.gatescope.analyzer.dimensions;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.UpstreamTry;
import java.util.Locale;

/**
 * The values of one request that an incident's failing requests may have in common: the fields of
 * the contract's {@code dimensions}, each as it is compared (a templated path, a host without its
 * port, an upstream time as the start of its 100 ms band). Empty strings where the log does not
 * say.
 *
 * @param upstreamBand the start of the last try's upstream-time band in milliseconds, -1 when not
 *     measured
 */
public record RequestDimensions(
        String method,
        String path,
        String client,
        String userAgent,
        String host,
        int status,
        String peer,
        long upstreamBand) {

    /** Upstream times are compared in bands of this width: a timeout cuts within one. */
    public static final long BAND_MILLIS = 100;

    static final int MAX_USER_AGENT = 120;

    /** The dimensions of a parsed request. */
    public static RequestDimensions of(AccessEvent a) {
        UpstreamTry last = a.lastTry();
        long band = -1;
        String peer = "";
        if (last != null) {
            peer = last.address() == null || "-".equals(last.address()) ? "" : last.address();
            if (UpstreamTry.measured(last.responseTime())) {
                band =
                        Math.floorDiv(Math.round(last.responseTime() * 1000), BAND_MILLIS)
                                * BAND_MILLIS;
            }
        }
        String ua = UserAgents.of(a.raw(), a.gateway());
        return new RequestDimensions(
                a.method() == null ? "" : a.method(),
                PathTemplate.fold(a.uri()),
                clientAddress(a.client()),
                ua.length() > MAX_USER_AGENT ? ua.substring(0, MAX_USER_AGENT) : ua,
                host(a.host()),
                a.status(),
                peer,
                band);
    }

    /** The client's address without a port ({@code 203.0.113.9:51234}, as an ALB writes it). */
    static String clientAddress(String client) {
        if (client == null || "-".equals(client)) {
            return "";
        }
        int colon = client.indexOf(':');
        if (colon > 0 && client.indexOf(':', colon + 1) < 0) {
            return client.substring(0, colon);
        }
        if (client.startsWith("[")) {
            int close = client.indexOf(']');
            return close > 0 ? client.substring(1, close) : client;
        }
        return client;
    }

    /** The /24 of an IPv4 address ({@code 203.0.113.0/24}), or "" for anything else. */
    public static String range(String address) {
        int dot = address.lastIndexOf('.');
        if (dot < 0 || address.indexOf(':') >= 0) {
            return "";
        }
        return address.substring(0, dot) + ".0/24";
    }

    static String host(String host) {
        if (host == null || "-".equals(host)) {
            return "";
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        return colon > 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
    }

    /** An upstream-time band in words: {@code 60.0–60.1 s}. */
    public static String band(long startMillis) {
        return String.format(
                Locale.ROOT,
                "%.1f–%.1f s",
                startMillis / 1000.0,
                (startMillis + BAND_MILLIS) / 1000.0);
    }
}
