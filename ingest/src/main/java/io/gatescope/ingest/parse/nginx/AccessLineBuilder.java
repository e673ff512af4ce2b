package io.gatescope.ingest.parse.nginx;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.AccessView;
import io.gatescope.ingest.parse.LineBytes;
import io.gatescope.ingest.parse.MinuteCache;
import io.gatescope.ingest.parse.Numbers;
import io.gatescope.ingest.parse.SliceInterner;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives the slices of one nginx access line ({@link LineSlices}, filled by every nginx access
 * format: a compiled {@code log_format}, a heuristic tail, JSON) their meaning: it builds the
 * {@link AccessEvent} or serves as its allocation-free {@link AccessView}, so the meaning of each
 * variable is decided in one place. Not thread-safe; reuse it.
 */
final class AccessLineBuilder extends LineSlices implements AccessView {

    private static final int ADDR = NginxVariable.UPSTREAM_ADDR.ordinal();
    private static final int STATUSES = NginxVariable.UPSTREAM_STATUS.ordinal();

    private final SliceInterner interner = new SliceInterner();
    private long time;
    private int status;
    private int tryCount; // -1 until counted: the view's accessors all need it
    private final MinuteCache timeLocal = new MinuteCache();

    @Override
    void reset(LineBytes source) {
        super.reset(source);
        this.tryCount = -1;
    }

    /**
     * Reads the time and status, which every event needs; false when either is missing or malformed
     * (then {@link #build} gives the rejection).
     */
    boolean prepare(ZoneId zone, long fallbackTime) {
        time = time(zone);
        if (time == Timestamps.INVALID
                && from[NginxVariable.TIME_LOCAL.ordinal()] < 0
                && from[NginxVariable.TIME_ISO8601.ordinal()] < 0) {
            time = fallbackTime;
        }
        int si = NginxVariable.STATUS.ordinal();
        status = from[si] < 0 ? -1 : Numbers.parseStatus(src, from[si], to[si]);
        return time != Timestamps.INVALID && status >= 0;
    }

    /** Builds the event; a missing or malformed required field gives a rejection. */
    LogEvent build(ZoneId zone, long fallbackTime, String source, String raw) {
        if (!prepare(zone, fallbackTime)) {
            if (time != Timestamps.INVALID) {
                return Rejection.badField("status", source, raw);
            }
            if (from[NginxVariable.TIME_LOCAL.ordinal()] >= 0) {
                return Rejection.badField("time_local", source, raw);
            }
            if (from[NginxVariable.TIME_ISO8601.ordinal()] >= 0) {
                return Rejection.badField("time_iso8601", source, raw);
            }
            return Rejection.badField("time", source, raw);
        }
        return toEvent(source, raw);
    }

    /** The full event for the line the builder holds, once its time and status are valid. */
    private AccessEvent toEvent(String source, String raw) {
        String method;
        String uri;
        if (has(NginxVariable.REQUEST)) {
            int a = from[NginxVariable.REQUEST.ordinal()];
            int b = to[NginxVariable.REQUEST.ordinal()];
            int sp1 = src.indexOf(' ', a, b);
            int sp2 = sp1 < 0 ? -1 : src.lastIndexOf(' ', sp1 + 1, b);
            if (sp1 < 0) {
                method = "";
                uri = src.text(a, b);
            } else {
                method = src.text(a, sp1);
                uri = src.text(sp1 + 1, sp2 < 0 ? b : sp2);
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
        int ci = NginxVariable.CONNECTION.ordinal();
        long connection = from[ci] < 0 ? -1 : Numbers.parseLong(src, from[ci], to[ci]);
        return new AccessEvent(
                time,
                GatewayKind.NGINX,
                service(),
                host(),
                str(NginxVariable.REMOTE_ADDR),
                method,
                uri,
                status,
                requestTime(),
                connection,
                upgrade(),
                tries(),
                null,
                source,
                raw);
    }

    @Override
    public GatewayKind gateway() {
        return GatewayKind.NGINX;
    }

    @Override
    public long timeMillis() {
        return time;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public double requestTime() {
        int ri = NginxVariable.REQUEST_TIME.ordinal();
        return from[ri] < 0 ? Double.NaN : Numbers.parseDecimal(src, from[ri], to[ri]);
    }

    @Override
    public boolean upgrade() {
        return has(NginxVariable.HTTP_UPGRADE) || status == 101; // 101 answers only upgrades
    }

    @Override
    public String service() {
        if (has(NginxVariable.PROXY_UPSTREAM_NAME)) {
            int i = NginxVariable.PROXY_UPSTREAM_NAME.ordinal();
            return interner.intern(src, from[i], to[i]);
        }
        return host();
    }

    /** The Host header (else server_name) without its port. */
    private String host() {
        NginxVariable v = has(NginxVariable.HOST) ? NginxVariable.HOST : NginxVariable.SERVER_NAME;
        if (!has(v)) {
            return "";
        }
        int a = from[v.ordinal()];
        int b = to[v.ordinal()];
        int colon = src.indexOf(':', a, b);
        if (colon > a && src.indexOf(']', a, b) < 0) {
            b = colon;
        }
        return interner.intern(src, a, b);
    }

    private long time(ZoneId zone) {
        int i = NginxVariable.TIME_LOCAL.ordinal();
        if (from[i] >= 0) {
            return timeLocal.parse(src, from[i], to[i], zone);
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

    // The tries: one per entry of $upstream_addr, the other lists aligned with it. Entries are read
    // in place (no split into arrays), so the view's accessors allocate nothing.

    @Override
    public int tryCount() {
        if (tryCount < 0) {
            tryCount = countTries();
        }
        return tryCount;
    }

    private int countTries() {
        if (from[ADDR] < 0 && !hasUpstreamTimes()) {
            return 0;
        }
        if (noPeerTried()) {
            return 1;
        }
        return Math.max(count(ADDR), count(STATUSES));
    }

    @Override
    public String lastPeer() {
        int n = tryCount();
        return n == 0 ? null : peer(n - 1, true);
    }

    @Override
    public double lastResponseTime() {
        int n = tryCount();
        return n == 0 || noPeerTried()
                ? Double.NaN
                : time(NginxVariable.UPSTREAM_RESPONSE_TIME, n - 1);
    }

    @Override
    public boolean failedBeforeLast() {
        int n = tryCount();
        for (int k = 0; k < n - 1; k++) {
            int st = tryStatus(k);
            if ((st < 0 || st >= 502 && st <= 504) && !isDashItem(ADDR, k)) {
                return true;
            }
        }
        return false;
    }

    private List<UpstreamTry> tries() {
        int n = tryCount();
        if (n == 0) {
            return List.of();
        }
        if (noPeerTried()) {
            return List.of(new UpstreamTry("-", -1, Double.NaN, Double.NaN, Double.NaN));
        }
        List<UpstreamTry> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(
                    new UpstreamTry(
                            peer(k, false),
                            tryStatus(k),
                            time(NginxVariable.UPSTREAM_CONNECT_TIME, k),
                            time(NginxVariable.UPSTREAM_HEADER_TIME, k),
                            time(NginxVariable.UPSTREAM_RESPONSE_TIME, k)));
        }
        return out;
    }

    /** The format logs the peer, and there was none: one try at "-", nothing measured. */
    private boolean noPeerTried() {
        return from[ADDR] >= 0 && isDash(ADDR) && !hasUpstreamTimes();
    }

    private boolean hasUpstreamTimes() {
        return has(NginxVariable.UPSTREAM_STATUS) || has(NginxVariable.UPSTREAM_RESPONSE_TIME);
    }

    private String peer(int k, boolean shared) {
        long r = item(ADDR, k);
        if (r < 0 || noPeerTried()) {
            return "-";
        }
        int a = (int) (r >>> 32);
        int b = (int) r;
        return shared ? interner.intern(src, a, b) : src.text(a, b);
    }

    private int tryStatus(int k) {
        long r = item(STATUSES, k);
        return r < 0 ? -1 : Numbers.parseStatus(src, (int) (r >>> 32), (int) r);
    }

    /** A phase time of try {@code k}: NOT_LOGGED without the variable, NaN past its list. */
    private double time(NginxVariable v, int k) {
        if (from[v.ordinal()] < 0) {
            return UpstreamTry.NOT_LOGGED;
        }
        long r = item(v.ordinal(), k);
        return r < 0 ? Double.NaN : Numbers.parseDecimal(src, (int) (r >>> 32), (int) r);
    }
}
