package io.gatescope.ingest.parse;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the slices of one nginx access line by variable, then builds the {@link AccessEvent}.
 * Every nginx access format (a compiled {@code log_format}, a heuristic tail, JSON) fills the same
 * builder, so the meaning of each variable is decided in one place. Not thread-safe; reuse it.
 */
final class AccessLineBuilder {

    private static final NginxVariable[] VARS = NginxVariable.values();

    private final int[] from = new int[VARS.length];
    private final int[] to = new int[VARS.length];
    private CharSequence src;

    void reset(CharSequence source) {
        this.src = source;
        java.util.Arrays.fill(from, -1);
    }

    void set(NginxVariable v, int start, int end) {
        if (v != NginxVariable.OPAQUE) {
            from[v.ordinal()] = start;
            to[v.ordinal()] = end;
        }
    }

    boolean has(NginxVariable v) {
        int i = v.ordinal();
        return from[i] >= 0 && !isDash(i);
    }

    private boolean isDash(int i) {
        return to[i] - from[i] == 1 && src.charAt(from[i]) == '-' || to[i] == from[i];
    }

    private String str(NginxVariable v) {
        return has(v) ? src.subSequence(from[v.ordinal()], to[v.ordinal()]).toString() : "";
    }

    /** Builds the event; a missing or malformed required field gives a rejection. */
    LogEvent build(ZoneId zone, long fallbackTime, String source, String raw) {
        long time = time(zone);
        if (time == Timestamps.INVALID) {
            if (from[NginxVariable.TIME_LOCAL.ordinal()] >= 0) {
                return Rejection.badField("time_local", source, raw);
            }
            if (from[NginxVariable.TIME_ISO8601.ordinal()] >= 0) {
                return Rejection.badField("time_iso8601", source, raw);
            }
            if (fallbackTime == Timestamps.INVALID) {
                return Rejection.badField("time", source, raw);
            }
            time = fallbackTime;
        }
        int si = NginxVariable.STATUS.ordinal();
        int status = from[si] < 0 ? -1 : Numbers.parseStatus(src, from[si], to[si]);
        if (status < 0) {
            return Rejection.badField("status", source, raw);
        }
        String method;
        String uri;
        if (has(NginxVariable.REQUEST)) {
            int a = from[NginxVariable.REQUEST.ordinal()];
            int b = to[NginxVariable.REQUEST.ordinal()];
            int sp1 = indexOf(' ', a, b);
            int sp2 = sp1 < 0 ? -1 : lastIndexOf(' ', sp1 + 1, b);
            if (sp1 < 0) {
                method = "";
                uri = src.subSequence(a, b).toString();
            } else {
                method = src.subSequence(a, sp1).toString();
                uri = src.subSequence(sp1 + 1, sp2 < 0 ? b : sp2).toString();
            }
        } else {
            method = str(NginxVariable.REQUEST_METHOD);
            uri =
                    has(NginxVariable.REQUEST_URI)
                            ? str(NginxVariable.REQUEST_URI)
                            : str(NginxVariable.URI);
            if (has(NginxVariable.ARGS) && !has(NginxVariable.REQUEST_URI)) {
                uri = uri + "?" + str(NginxVariable.ARGS);
            }
        }
        int ri = NginxVariable.REQUEST_TIME.ordinal();
        double requestTime =
                from[ri] < 0 ? Double.NaN : Numbers.parseDecimal(src, from[ri], to[ri]);
        String host =
                has(NginxVariable.HOST) ? str(NginxVariable.HOST) : str(NginxVariable.SERVER_NAME);
        int colon = host.indexOf(':');
        if (colon > 0 && host.indexOf(']') < 0) {
            host = host.substring(0, colon);
        }
        String group = str(NginxVariable.PROXY_UPSTREAM_NAME);
        String service = !group.isEmpty() ? group : host;
        int ci = NginxVariable.CONNECTION.ordinal();
        long connection = from[ci] < 0 ? -1 : Numbers.parseLong(src, from[ci], to[ci]);
        boolean upgrade =
                has(NginxVariable.HTTP_UPGRADE) || status == 101; // 101 answers only upgrades
        return new AccessEvent(
                time,
                GatewayKind.NGINX,
                service,
                host,
                str(NginxVariable.REMOTE_ADDR),
                method,
                uri,
                status,
                requestTime,
                connection,
                upgrade,
                tries(),
                null,
                source,
                raw);
    }

    private long time(ZoneId zone) {
        int i = NginxVariable.TIME_LOCAL.ordinal();
        if (from[i] >= 0) {
            return Timestamps.parseClf(src, from[i], to[i], zone);
        }
        i = NginxVariable.TIME_ISO8601.ordinal();
        if (from[i] >= 0) {
            return Timestamps.parseIso(src, from[i], to[i], zone);
        }
        i = NginxVariable.MSEC.ordinal();
        if (from[i] >= 0) {
            return Timestamps.parseEpochSeconds(src, from[i], to[i]);
        }
        return Timestamps.INVALID;
    }

    /** One try per entry of {@code $upstream_addr}; the other lists are aligned with it. */
    private List<UpstreamTry> tries() {
        int ai = NginxVariable.UPSTREAM_ADDR.ordinal();
        if (from[ai] < 0 && !hasUpstreamTimes()) {
            return List.of();
        }
        if (from[ai] >= 0 && isDash(ai) && !hasUpstreamTimes()) {
            // The format logs the peer, and there was none: nothing was even tried.
            return List.of(new UpstreamTry("-", -1, Double.NaN, Double.NaN, Double.NaN));
        }
        List<int[]> addrs = split(ai);
        List<int[]> statuses = split(NginxVariable.UPSTREAM_STATUS.ordinal());
        List<int[]> connect = split(NginxVariable.UPSTREAM_CONNECT_TIME.ordinal());
        List<int[]> header = split(NginxVariable.UPSTREAM_HEADER_TIME.ordinal());
        List<int[]> response = split(NginxVariable.UPSTREAM_RESPONSE_TIME.ordinal());
        int n = Math.max(addrs.size(), statuses.size());
        List<UpstreamTry> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            String addr = k < addrs.size() ? slice(addrs.get(k)) : "-";
            int status =
                    k < statuses.size()
                            ? Numbers.parseStatus(src, statuses.get(k)[0], statuses.get(k)[1])
                            : -1;
            out.add(
                    new UpstreamTry(
                            addr, status, dec(connect, k), dec(header, k), dec(response, k)));
        }
        return out;
    }

    private boolean hasUpstreamTimes() {
        return has(NginxVariable.UPSTREAM_STATUS) || has(NginxVariable.UPSTREAM_RESPONSE_TIME);
    }

    private double dec(List<int[]> list, int k) {
        if (list.isEmpty()) {
            return UpstreamTry.NOT_LOGGED;
        }
        return k < list.size()
                ? Numbers.parseDecimal(src, list.get(k)[0], list.get(k)[1])
                : Double.NaN;
    }

    private String slice(int[] r) {
        return src.subSequence(r[0], r[1]).toString();
    }

    /** Splits a list value on nginx's separators: ", " between tries, " : " between groups. */
    private List<int[]> split(int i) {
        if (from[i] < 0) {
            return List.of();
        }
        List<int[]> parts = new ArrayList<>(2);
        int start = from[i];
        int end = to[i];
        int p = start;
        while (p < end) {
            char c = src.charAt(p);
            if (c == ','
                    || c == ' '
                            && p + 2 < end
                            && src.charAt(p + 1) == ':'
                            && src.charAt(p + 2) == ' ') {
                parts.add(trim(start, p));
                p += c == ',' ? 1 : 3;
                start = p;
                continue;
            }
            p++;
        }
        parts.add(trim(start, end));
        return parts;
    }

    private int[] trim(int a, int b) {
        while (a < b && src.charAt(a) == ' ') {
            a++;
        }
        while (b > a && src.charAt(b - 1) == ' ') {
            b--;
        }
        return new int[] {a, b};
    }

    private int indexOf(char c, int a, int b) {
        for (int p = a; p < b; p++) {
            if (src.charAt(p) == c) {
                return p;
            }
        }
        return -1;
    }

    private int lastIndexOf(char c, int a, int b) {
        for (int p = b - 1; p >= a; p--) {
            if (src.charAt(p) == c) {
                return p;
            }
        }
        return -1;
    }
}
