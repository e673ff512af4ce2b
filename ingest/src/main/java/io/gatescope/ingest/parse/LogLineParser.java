package io.gatescope.ingest.parse;

import io.gatescope.ingest.envelope.Envelope;
import io.gatescope.ingest.envelope.EnvelopeDecoder;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.parse.appserver.AppServerLines;
import io.gatescope.ingest.parse.aws.LoadBalancerLineParser;
import io.gatescope.ingest.parse.envoy.EnvoyFormatParser;
import io.gatescope.ingest.parse.envoy.EnvoyLineParser;
import io.gatescope.ingest.parse.haproxy.HaproxyFormatParser;
import io.gatescope.ingest.parse.haproxy.HaproxyLineParser;
import io.gatescope.ingest.parse.haproxy.HaproxyNoticeParser;
import io.gatescope.ingest.parse.nginx.NginxAccessLineParser;
import io.gatescope.ingest.parse.nginx.NginxErrorLineParser;
import io.gatescope.ingest.parse.nginx.NginxJsonAccessParser;
import io.gatescope.ingest.parse.nginx.NginxLogFormat;
import io.gatescope.ingest.parse.platform.PlatformLines;
import io.gatescope.ingest.parse.traefik.TraefikLineParser;

/**
 * The entry point for any line from any source: unwraps shipper envelopes, recognises the format of
 * each line from its content (files may mix formats line by line, as {@code kubectl logs} of
 * ingress-nginx does), and parses it. Never throws: every failure is a {@link Rejection} with its
 * reason. Not thread-safe: one instance per thread or operator.
 */
public final class LogLineParser {

    private final ParseContext ctx;
    private final EnvelopeDecoder envelopes = new EnvelopeDecoder();
    private final NginxAccessLineParser nginxAccess;
    private final LineBytes scanned = new LineBytes();
    private final OneTryView oneTry = new OneTryView();
    private final MinuteCache lineTimes = new MinuteCache();
    private final NginxJsonAccessParser nginxJson;
    private final NginxErrorLineParser nginxError = new NginxErrorLineParser();
    private final LoadBalancerLineParser loadBalancer = new LoadBalancerLineParser();
    private final HaproxyLineParser haproxy = new HaproxyLineParser();
    private final EnvoyLineParser envoy = new EnvoyLineParser();
    private final EnvoyFormatParser envoyCustom;
    private final HaproxyFormatParser haproxyCustom;
    private final TraefikLineParser traefik = new TraefikLineParser();
    private final SyslogPrefix.ValidTimes syslogTimes = new SyslogPrefix.ValidTimes();
    private final boolean strict;

    /**
     * @throws IllegalArgumentException when the context's nginx log format cannot be compiled
     */
    public LogLineParser(ParseContext ctx) {
        this(ctx, false);
    }

    /**
     * @param strict let a parser's exception escape instead of turning it into a rejection: for the
     *     fuzz tests, which must see every one
     */
    LogLineParser(ParseContext ctx, boolean strict) {
        this.strict = strict;
        this.ctx = ctx;
        NginxLogFormat custom =
                ctx.nginxLogFormat() == null ? null : NginxLogFormat.compile(ctx.nginxLogFormat());
        envoyCustom =
                ctx.envoyLogFormat() == null ? null : new EnvoyFormatParser(ctx.envoyLogFormat());
        haproxyCustom =
                ctx.haproxyLogFormat() == null
                        ? null
                        : new HaproxyFormatParser(ctx.haproxyLogFormat());
        this.nginxAccess = new NginxAccessLineParser(custom);
        this.nginxJson = new NginxJsonAccessParser(custom);
    }

    public ParseContext context() {
        return ctx;
    }

    /** Parses one line as read from {@code source}. */
    public LogEvent parse(String raw, String source) {
        try {
            return parseChecked(raw, source);
        } catch (RuntimeException e) {
            if (strict) {
                throw e;
            }
            // A parser bug must cost one line, not the stream; the reason names the failure.
            return Rejection.of("bad-field:" + e.getClass().getSimpleName(), source, raw);
        }
    }

    /**
     * The fast path for the commonest lines, access lines of nginx (text formats), ALB and HAProxy
     * in printable ASCII, read in place from the bytes they arrived in: nothing decoded, nothing
     * allocated. Null for any other line (envelopes, error and health lines, malformed lines),
     * which {@link #parse} handles; for the lines this accepts, the view says what the event from
     * {@link #parse} says. The view is valid until the next call and while {@code bytes} is
     * unchanged.
     */
    public AccessView scanAccess(byte[] bytes, int length) {
        LineBytes line = scanned.set(bytes, length);
        try {
            if (!plainText(line)) {
                return null;
            }
            // The same order of recognition as parseText().
            if (LoadBalancerLineParser.looksLikeAlb(line)) {
                return loadBalancer.scan(line, oneTry) ? oneTry : null;
            }
            if (line.charAt(0) == '[' || TraefikLineParser.looksLikeAccess(line)) {
                return null; // Envoy's and Traefik's access lines take the full parse
            }
            AccessView learned = nginxAccess.scanLearned(line, ctx.zone());
            if (learned != null) {
                return learned;
            }
            // Whether "] \"" follows the first " [" answers both the nginx and the HAProxy check:
            // one search to the end of the line instead of two.
            int open = NginxAccessLineParser.TIME_OPENS.find(line, 0);
            boolean closed = open > 0 && NginxAccessLineParser.TIME_CLOSES.find(line, open) > 0;
            if (NginxAccessLineParser.looksLikeAccessLine(open, closed)) {
                return nginxAccess.scan(line, ctx.zone());
            }
            if (haproxyCustom != null) {
                return null; // the user's format is read by the full parse
            }
            int m = SyslogPrefix.messageStart(line, ctx, syslogTimes);
            return haproxy.scan(line, Math.max(m, 0), ctx.zone(), oneTry, open, closed)
                    ? oneTry
                    : null;
        } catch (RuntimeException e) {
            if (strict) {
                throw e;
            }
            return null; // parse() turns the same failure into a rejection
        }
    }

    /**
     * The time of a bare nginx text access line read from its {@code [time_local]} alone, for a
     * source that must timestamp every line before parsing it; {@link Timestamps#INVALID} for any
     * other line (then parse it). Agrees with {@link #parse} for the lines it answers that parse (a
     * malformed line may still get the time it shows).
     */
    public long accessLineTime(byte[] bytes, int length) {
        LineBytes line = scanned.set(bytes, length);
        if (!plainText(line)
                || LoadBalancerLineParser.looksLikeAlb(line)
                || TraefikLineParser.looksLikeAccess(line)) {
            return Timestamps.INVALID; // Traefik's [time] is the start, its event the end
        }
        int open = NginxAccessLineParser.timeOpens(line) + 1;
        if (open <= 0) {
            return Timestamps.INVALID;
        }
        int close = line.indexOf(']', open);
        return close < 0 ? Timestamps.INVALID : lineTimes.parse(line, open + 1, close, ctx.zone());
    }

    /**
     * Within the length limit, printable ASCII, and not an envelope, a CRI-prefixed line or an
     * error line (judged from the first bytes): a line the fast paths may read in place.
     */
    private boolean plainText(LineBytes line) {
        int n = line.length();
        if (n < 12 || n > ctx.maxLineLength() || line.charAt(0) == '{') {
            return false;
        }
        boolean isoOrCri = line.charAt(4) == '-' && line.charAt(10) == 'T';
        boolean error = line.charAt(4) == '/' && line.charAt(7) == '/';
        return !isoOrCri && !error && line.isPrintableAscii();
    }

    private LogEvent parseChecked(String raw, String source) {
        if (raw.length() > ctx.maxLineLength()) {
            return Rejection.of(Rejection.TOO_LONG, source, raw);
        }
        if (raw.indexOf('\uFFFD') >= 0) {
            return Rejection.of(Rejection.NOT_UTF8, source, raw);
        }
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (line.isBlank()) {
            return new IgnoredLine(Timestamps.INVALID, "blank", source, raw);
        }
        Envelope env = envelopes.decode(line, source);
        if (env == null) {
            return Rejection.of(Rejection.TRUNCATED, source, raw);
        }
        String inner = env.line();
        if (inner.length() > ctx.maxLineLength()) {
            return Rejection.of(Rejection.TOO_LONG, env.source(), inner);
        }
        LogEvent e;
        if (env.json() || !inner.isEmpty() && inner.charAt(0) == '{') {
            e = parseJson(inner, env.source(), env.shipperTime());
        } else {
            e = parseText(inner, env.source(), env.shipperTime());
        }
        return e instanceof UpstreamEvent u ? complete(u, env) : e;
    }

    private LogEvent parseJson(String json, String source, long fallbackTime) {
        if (PlatformLines.isPlatformJson(json)) {
            UpstreamEvent u = PlatformLines.parseJson(json, ctx.zone(), source);
            return u != null ? u : new IgnoredLine(fallbackTime, "platform", source, json);
        }
        if (GatewayJson.mayBe(json)) {
            LogEvent e = GatewayJson.parse(json, ctx.zone(), source);
            if (e != null) {
                return e;
            }
        }
        return nginxJson.parse(json, ctx.zone(), fallbackTime, source);
    }

    /**
     * An upstream line's origin and time completed from its envelope: the pod or host the shipper
     * named, the host in a shipped source ({@code web-1:/var/log/...}), and the shipper's time for
     * a line that carries none (Puma, Node.js).
     */
    private static UpstreamEvent complete(UpstreamEvent u, Envelope env) {
        Origin o = u.origin().or(env.origin());
        int hostEnd = env.source().indexOf(":/");
        if (hostEnd > 0 && o.host().isEmpty() && o.pod().isEmpty()) {
            o = o.withHost(env.source().substring(0, hostEnd));
        }
        UpstreamEvent c = u.withOrigin(o).withSource(env.source());
        return c.timeMillis() == Timestamps.INVALID && env.shipperTime() != Long.MIN_VALUE
                ? c.withTime(env.shipperTime())
                : c;
    }

    private LogEvent parseText(String line, String source, long fallbackTime) {
        if (line.isBlank()) {
            return new IgnoredLine(fallbackTime, "blank", source, line);
        }
        if (LineShapes.hasControlBytes(line)) {
            return Rejection.of(Rejection.UNKNOWN_FORMAT, source, line);
        }
        LogEvent custom = custom(line, source);
        if (custom != null) {
            return custom;
        }
        if (NginxErrorLineParser.looksLikeErrorLine(line)) {
            return nginxError.parse(line, ctx.zone(), source);
        }
        if (LoadBalancerLineParser.looksLikeAlb(line)) {
            return loadBalancer.parse(line, true, source);
        }
        if (EnvoyLineParser.looksLikeEnvoy(line)) {
            return envoy.parse(line, ctx.zone(), source);
        }
        if (TraefikLineParser.looksLikeAccess(line)) {
            return traefik.parseAccess(line, ctx.zone(), source);
        }
        if (TraefikLineParser.looksLikeLog(line)) {
            return traefik.parseLog(line, ctx.zone(), source);
        }
        if (NginxAccessLineParser.looksLikeAccessLine(line)) {
            LogEvent e = nginxAccess.parse(line, ctx.zone(), fallbackTime, source);
            if (e != null) {
                return e;
            }
            return Rejection.of(
                    LineShapes.balanced(line) ? Rejection.UNKNOWN_FORMAT : Rejection.TRUNCATED,
                    source,
                    line);
        }
        SyslogPrefix prefix = SyslogPrefix.parse(line, ctx);
        if (prefix != null) {
            return parseAfterSyslog(line, prefix, source);
        }
        if (HaproxyLineParser.looksLikeHttpLog(line, 0)
                || HaproxyNoticeParser.looksLikeNotice(line, 0)) {
            return haproxy.parse(line, 0, fallbackTime, ctx.zone(), source);
        }
        String connections = LoadBalancerLineParser.connectionRecord(line);
        if (connections != null) {
            return new IgnoredLine(fallbackTime, connections, source, line);
        }
        if (LoadBalancerLineParser.looksLikeElb(line)) {
            return loadBalancer.parse(line, false, source);
        }
        if (LineShapes.isKlog(line) || LineShapes.isProxyOwnLog(line)) {
            return new IgnoredLine(fallbackTime, "controller", source, line);
        }
        LogEvent nginxCustom = nginxAccess.parse(line, ctx.zone(), fallbackTime, source);
        if (nginxCustom != null && !(nginxCustom instanceof Rejection)) {
            return nginxCustom; // a custom log_format that does not start like combined
        }
        UpstreamEvent up = AppServerLines.parse(line, ctx.zone(), source);
        if (up == null) {
            up = PlatformLines.parseBare(line, ctx.zone(), source);
        }
        if (up != null) {
            return up;
        }
        if (Continuations.isContinuation(line)) {
            return new IgnoredLine(fallbackTime, "continuation", source, line);
        }
        return Rejection.of(Rejection.UNKNOWN_FORMAT, source, line);
    }

    /** A line in the user's Envoy or HAProxy format (after any syslog prefix), else null. */
    private LogEvent custom(String line, String source) {
        if (envoyCustom != null) {
            LogEvent e = envoyCustom.parse(line, ctx.zone(), source);
            if (e != null) {
                return e;
            }
        }
        if (haproxyCustom != null) {
            SyslogPrefix prefix = SyslogPrefix.parse(line, ctx);
            return haproxyCustom.parse(
                    line, prefix == null ? 0 : prefix.messageStart(), ctx.zone(), source);
        }
        return null;
    }

    private LogEvent parseAfterSyslog(String line, SyslogPrefix prefix, String source) {
        int m = prefix.messageStart();
        if (HaproxyLineParser.looksLikeHttpLog(line, m)
                || HaproxyNoticeParser.looksLikeNotice(line, m)
                || prefix.program().startsWith("haproxy")) {
            return haproxy.parse(line, m, prefix.time(), ctx.zone(), source);
        }
        String message = line.substring(m);
        if (prefix.program().startsWith("nginx")
                || NginxAccessLineParser.looksLikeAccessLine(message)
                || NginxErrorLineParser.looksLikeErrorLine(message)) {
            LogEvent e = parseText(message, source, prefix.time());
            return e instanceof Rejection r ? Rejection.of(r.reason(), source, line) : e;
        }
        // The upstream's side: the kernel, systemd, an application server, on the host the
        // header names.
        UpstreamEvent up =
                PlatformLines.parseMessage(
                        prefix.program(), message, prefix.time(), ctx.zone(), source, line);
        if (up == null) {
            up = AppServerLines.parse(message, ctx.zone(), source);
        }
        if (up != null) {
            UpstreamEvent u = up.withOrigin(up.origin().or(Origin.host(prefix.host())));
            u =
                    new UpstreamEvent(
                            u.timeMillis() == Timestamps.INVALID ? prefix.time() : u.timeMillis(),
                            u.signal(),
                            u.software(),
                            u.origin(),
                            u.subject(),
                            u.id(),
                            u.count(),
                            source,
                            line);
            return u;
        }
        return new IgnoredLine(prefix.time(), "syslog:" + prefix.program(), source, line);
    }
}
