package io.gatescope.ingest.parse;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.ProxyDetail;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import java.time.ZoneOffset;
import java.util.List;

/**
 * AWS load balancer access logs: ALB ({@code type time elb client:port target:port ...}, every
 * type, unknown trailing fields ignored) and classic ELB ({@code time elb client:port backend:port
 * ...}). The two share their first fields, shifted by ALB's leading type. Not thread-safe.
 */
public final class LoadBalancerLineParser {

    private static final String[] ALB_TYPES = {"http", "https", "h2", "grpcs", "ws", "wss"};

    private final FieldScanner f = new FieldScanner();
    private final LineBytes bytes = new LineBytes();
    // Balancers, targets, target groups and domains repeat on every line: shared, not copied.
    private final SliceInterner names = new SliceInterner();
    private final double[] times = new double[3];
    private final String[] tail = new String[4];

    /** True for an ALB line: a known type, a space, then an ISO time. */
    public static boolean looksLikeAlb(CharSequence line) {
        int sp = 0;
        while (sp < 6 && sp < line.length() && line.charAt(sp) != ' ') {
            sp++;
        }
        if (sp < 2 || sp > 5 || line.length() < sp + 12) {
            return false;
        }
        for (String t : ALB_TYPES) {
            if (t.length() == sp && startsWith(line, t)) {
                return line.charAt(sp + 5) == '-' && Character.isDigit(line.charAt(sp + 1));
            }
        }
        return false;
    }

    private static boolean startsWith(CharSequence line, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (line.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True for a classic ELB line: an ISO time, then the load balancer's name. */
    public static boolean looksLikeElb(String line) {
        return line.length() > 30
                && line.charAt(4) == '-'
                && line.charAt(10) == 'T'
                && Character.isDigit(line.charAt(0))
                && line.indexOf(' ') > 19
                && line.indexOf('"') > 0;
    }

    /** Parses an ALB or ELB line; never throws. */
    public LogEvent parse(String line, boolean alb, String source) {
        LineBytes b = bytes.set(line);
        f.reset(b);
        if (alb && !f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        long time = Timestamps.parseIso(b, f.start(), f.end(), ZoneOffset.UTC);
        if (time == Timestamps.INVALID) {
            return Rejection.badField("time", source, line);
        }
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        String balancer = names.intern(b, f.start(), f.end());
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        int colon = b.lastIndexOf(':', f.start(), f.end());
        String client = b.text(f.start(), colon > f.start() ? colon : f.end());
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        String target = names.intern(b, f.start(), f.end());
        double[] t = times;
        for (int i = 0; i < 3; i++) {
            if (!f.next()) {
                return Rejection.of(Rejection.TRUNCATED, source, line);
            }
            t[i] = f.decimal();
            if (Double.isNaN(t[i])) {
                return Rejection.badField(
                        i == 0
                                ? "request_processing_time"
                                : i == 1 ? "target_processing_time" : "response_processing_time",
                        source,
                        line);
            }
        }
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        int status = f.status();
        if (status < 0) {
            return Rejection.badField("elb_status_code", source, line);
        }
        if (!f.next()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        int targetStatus = f.status();
        if (!f.next() || !f.next() || !f.next() || !f.quoted()) {
            return Rejection.of(Rejection.TRUNCATED, source, line);
        }
        String method = "";
        String uri;
        int rs = f.start();
        int re = f.end();
        int sp1 = b.indexOf(' ', rs, re);
        if (sp1 > rs && sp1 < re) {
            int sp2 = b.lastIndexOf(' ', rs, re);
            method = names.intern(b, rs, sp1);
            uri = b.text(sp1 + 1, sp2 > sp1 ? sp2 : re);
        } else {
            uri = b.text(rs, re);
        }
        String service = balancer;
        String host = hostOfUrl(uri);
        String errorReason = null;
        String classification = null;
        if (alb) {
            String[] extra = albTail(b);
            if (extra[0] != null && !extra[0].isEmpty() && !"-".equals(extra[0])) {
                service = extra[0];
            }
            if (extra[1] != null && !"-".equals(extra[1]) && !extra[1].isEmpty()) {
                host = extra[1];
            }
            errorReason = dashToNull(extra[2]);
            classification = dashToNull(extra[3]);
        }
        boolean allTimed = t[0] >= 0 && t[1] >= 0 && t[2] >= 0;
        double targetTime = t[1] >= 0 ? t[1] : Double.NaN;
        List<UpstreamTry> tries =
                "-".equals(target)
                        ? List.of()
                        : List.of(
                                new UpstreamTry(
                                        target,
                                        targetStatus,
                                        UpstreamTry.NOT_LOGGED,
                                        UpstreamTry.NOT_LOGGED,
                                        targetTime));
        boolean upgrade = line.startsWith("ws");
        return new AccessEvent(
                time,
                alb ? GatewayKind.ALB : GatewayKind.ELB,
                service,
                host,
                client,
                method,
                uri,
                status,
                allTimed ? t[0] + t[1] + t[2] : Double.NaN,
                -1,
                upgrade,
                tries,
                new ProxyDetail(null, -1, -1, -1, -1, errorReason, classification),
                source,
                line);
    }

    /** After the user agent: {target_group_arn, domain_name, error_reason, classification}. */
    private String[] albTail(LineBytes line) {
        String[] out = tail;
        java.util.Arrays.fill(out, null);
        int index = 0; // fields after "request": 0 user_agent, 1 cipher, 2 protocol, 3 tg arn ...
        while (f.next()) {
            switch (index) {
                case 3 -> out[0] = targetGroup(line);
                case 5 -> out[1] = names.intern(line, f.start(), f.end());
                case 11 -> out[2] = f.is("-") ? null : f.text();
                case 14 -> out[3] = f.is("-") ? null : f.text();
                default -> {}
            }
            index++;
            if (index > 15) {
                break;
            }
        }
        return out;
    }

    private static String dashToNull(String s) {
        return s == null || s.isEmpty() || "-".equals(s) ? null : s;
    }

    /**
     * The current field's target group name, shared: {@code
     * arn:aws:elasticloadbalancing:...:targetgroup/api-tg/73e2d6bc24d8a067} -> {@code api-tg}.
     */
    private String targetGroup(LineBytes line) {
        int i = line.indexOf("targetgroup/", f.start());
        if (i < 0 || i >= f.end()) {
            return f.is("-") ? "-" : names.intern(line, f.start(), f.end());
        }
        int s = i + "targetgroup/".length();
        int e = line.indexOf('/', s, f.end());
        return names.intern(line, s, e < 0 ? f.end() : e);
    }

    private static String hostOfUrl(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return "";
        }
        int s = scheme + 3;
        int e = s;
        while (e < url.length() && url.charAt(e) != '/' && url.charAt(e) != ':') {
            e++;
        }
        return url.substring(s, e);
    }
}
