package io.gatescope.analyzer.dimensions;

import io.gatescope.ingest.event.GatewayKind;

/**
 * A request's user agent, read from its raw line where the gateway's usual format puts it: the
 * parsed request does not keep it, and only the few requests sampled for {@link DimensionSample}
 * need it. nginx's combined format and its kin: the quoted field after the request and the referer;
 * an ALB or classic ELB: the quoted field after the request; a JSON line: its {@code
 * http_user_agent}, {@code user_agent} or {@code userAgent} key. "" where none of these applies
 * (HAProxy logs it only as a captured header).
 */
final class UserAgents {

    private static final String[] JSON_KEYS = {
        "\"http_user_agent\":", "\"user_agent\":", "\"userAgent\":", "\"request_User-Agent\":"
    };

    private UserAgents() {}

    static String of(String raw, GatewayKind gateway) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        if (raw.charAt(0) == '{') {
            return fromJson(raw);
        }
        int wanted =
                switch (gateway) {
                    case ALB, ELB -> 2;
                    case NGINX, TRAEFIK -> 3;
                    default -> 0;
                };
        return wanted == 0 ? "" : quoted(raw, wanted);
    }

    /** The {@code n}th double-quoted field of a line (1-based), "" when it has fewer. */
    static String quoted(String raw, int n) {
        int at = 0;
        for (int i = 1; ; i++) {
            int open = raw.indexOf('"', at);
            if (open < 0) {
                return "";
            }
            int close = closingQuote(raw, open);
            if (close >= raw.length()) {
                return "";
            }
            if (i == n) {
                String v = raw.substring(open + 1, close);
                return "-".equals(v) ? "" : v;
            }
            at = close + 1;
        }
    }

    /**
     * Where the quoted field opened at {@code open} ends, past escaped quotes; past the end if not.
     */
    private static int closingQuote(String raw, int open) {
        int close = open + 1;
        while (close < raw.length() && raw.charAt(close) != '"') {
            close += raw.charAt(close) == '\\' ? 2 : 1;
        }
        return close;
    }

    private static String fromJson(String raw) {
        for (String key : JSON_KEYS) {
            int k = raw.indexOf(key);
            if (k < 0) {
                continue;
            }
            int open = raw.indexOf('"', k + key.length());
            if (open < 0) {
                return "";
            }
            String v = raw.substring(open + 1, Math.min(closingQuote(raw, open), raw.length()));
            return "-".equals(v) ? "" : v;
        }
        return "";
    }
}
