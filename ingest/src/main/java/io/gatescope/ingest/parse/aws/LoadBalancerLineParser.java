package io.gatescope.ingest.parse.aws;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.ProxyDetail;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.FieldScanner;
import io.gatescope.ingest.parse.LineBytes;
import io.gatescope.ingest.parse.Literal;
import io.gatescope.ingest.parse.MinuteCache;
import io.gatescope.ingest.parse.OneTryView;
import io.gatescope.ingest.parse.SliceInterner;
import io.gatescope.ingest.parse.Timestamps;
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
    private final MinuteCache minutes = new MinuteCache();
    private final double[] times = new double[3];

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

    /**
     * The load balancers' records of connections, not requests, which say nothing of an upstream
     * that failed a request: a classic ELB's TCP or SSL listener ({@code "- - - "} for a request,
     * {@code - -} for the statuses), an NLB's TLS listener ({@code tls 1.0 TIME net/...}) and an
     * ALB's connection log ({@code TIME CLIENT_IP CLIENT_PORT LISTENER_PORT TLS_PROTOCOL ...}).
     * What kind, or null for any other line.
     */
    public static String connectionRecord(String line) {
        if (line.startsWith("tls ") && line.indexOf(" net/") > 0 && line.length() > 30) {
            return "nlb-connection";
        }
        if (line.length() < 40 || line.charAt(4) != '-' || line.charAt(10) != 'T') {
            return null;
        }
        if (line.contains(" \"- - - \" ") && line.contains(" - - ")) {
            return "elb-connection";
        }
        String[] t = line.split(" ", 6);
        if (t.length == 6
                && t[2].chars().allMatch(Character::isDigit)
                && t[3].chars().allMatch(Character::isDigit)
                && (t[4].startsWith("TLS") || t[4].equals("-"))) {
            return "alb-connection";
        }
        return null;
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
        String failure = read(b, alb, LAST_TAIL_FIELD);
        if (failure != null) {
            return Rejection.ofFailure(failure, source, line);
        }
        String client = b.textBeforeLast(':', clientFrom, clientTo);
        String method = "";
        String uri;
        int sp1 = b.indexOf(' ', requestFrom, requestTo);
        if (sp1 > requestFrom) {
            int sp2 = b.lastIndexOf(' ', requestFrom, requestTo);
            method = names.intern(b, requestFrom, sp1);
            uri = b.text(sp1 + 1, sp2 > sp1 ? sp2 : requestTo);
        } else {
            uri = b.text(requestFrom, requestTo);
        }
        String host = hostOfUrl(uri);
        if (domainFrom >= 0 && domainTo > domainFrom && !isDash(b, domainFrom, domainTo)) {
            host = names.intern(b, domainFrom, domainTo);
        }
        String target = names.intern(b, targetFrom, targetTo);
        double[] t = times;
        List<UpstreamTry> tries =
                "-".equals(target)
                        ? List.of()
                        : List.of(
                                new UpstreamTry(
                                        target,
                                        targetStatus,
                                        UpstreamTry.NOT_LOGGED,
                                        UpstreamTry.NOT_LOGGED,
                                        t[1] >= 0 ? t[1] : Double.NaN));
        return new AccessEvent(
                time,
                alb ? GatewayKind.ALB : GatewayKind.ELB,
                service(b),
                host,
                client,
                method,
                uri,
                status,
                took,
                -1,
                b.startsWith("ws", 0),
                tries,
                new ProxyDetail(
                        null,
                        -1,
                        -1,
                        -1,
                        -1,
                        optional(b, reasonFrom, reasonTo),
                        optional(b, classFrom, classTo)),
                source,
                line);
    }

    /**
     * Reads an ALB line in place into {@code out}: true when it is a request the full parse
     * accepts, with the same time, status, service, target and times; false leaves the line to
     * {@link #parse}.
     */
    public boolean scan(LineBytes b, OneTryView out) {
        if (read(b, true, TARGET_GROUP_FIELD) != null) {
            return false;
        }
        double[] t = times;
        boolean tried = !isDash(b, targetFrom, targetTo);
        return out.set(
                        GatewayKind.ALB,
                        time,
                        status,
                        took,
                        b.startsWith("ws", 0),
                        service(b),
                        tried ? names.intern(b, targetFrom, targetTo) : null,
                        t[1] >= 0 ? t[1] : Double.NaN)
                != null;
    }

    // Where read() found each field of the current line: parse() and scan() take what they need.
    private long time;
    private double took; // the request's duration in seconds, NaN when the line cannot tell
    private int status;
    private int targetStatus;
    private int balancerFrom;
    private int balancerTo;
    private int clientFrom;
    private int clientTo;
    private int targetFrom;
    private int targetTo;
    private int requestFrom;
    private int requestTo;
    private int groupFrom;
    private int groupTo;
    private int domainFrom;
    private int domainTo;
    private int createdFrom;
    private int createdTo;
    private int reasonFrom;
    private int reasonTo;
    private int classFrom;
    private int classTo;

    /** Finds the fields; null when the line is a request, else the rejection's reason. */
    private String read(LineBytes line, boolean alb, int lastTailField) {
        FieldScanner f = this.f.reset(line);
        if (alb && !f.next() || !f.next()) {
            return Rejection.TRUNCATED;
        }
        time = minutes.parseIso(line, f.start(), f.end(), ZoneOffset.UTC);
        if (time == Timestamps.INVALID) {
            return "time";
        }
        if (!f.next()) {
            return Rejection.TRUNCATED;
        }
        balancerFrom = f.start();
        balancerTo = f.end();
        if (!f.next()) {
            return Rejection.TRUNCATED;
        }
        clientFrom = f.start();
        clientTo = f.end();
        if (!f.next()) {
            return Rejection.TRUNCATED;
        }
        targetFrom = f.start();
        targetTo = f.end();
        for (int i = 0; i < 3; i++) {
            if (!f.next()) {
                return Rejection.TRUNCATED;
            }
            times[i] = f.decimal();
            if (Double.isNaN(times[i])) {
                return TIME_FIELDS[i];
            }
        }
        if (!f.next()) {
            return Rejection.TRUNCATED;
        }
        status = f.status();
        if (status < 0) {
            return "elb_status_code";
        }
        if (!f.next()) {
            return Rejection.TRUNCATED;
        }
        targetStatus = f.status();
        if (!f.next() || !f.next() || !f.next() || !f.quoted()) {
            return Rejection.TRUNCATED;
        }
        requestFrom = f.start();
        requestTo = f.end();
        groupFrom = domainFrom = reasonFrom = classFrom = createdFrom = -1;
        boolean timed = times[0] >= 0 && times[1] >= 0 && times[2] >= 0;
        if (alb) {
            // A line without all three times (a failure, rare) is read to its creation time.
            readTail(f, timed ? lastTailField : Math.max(lastTailField, CREATED_FIELD));
        }
        took = timed ? times[0] + times[1] + times[2] : sinceCreation(line);
        return null;
    }

    private static final String[] TIME_FIELDS = {
        "request_processing_time", "target_processing_time", "response_processing_time"
    };

    // Fields after "request": 0 user_agent, 1 cipher, 2 protocol, 3 target_group_arn, 4 trace_id,
    // 5 domain_name, ... 8 request_creation_time, ... 11 error_reason, ... 14 classification.
    private static final int TARGET_GROUP_FIELD = 3;
    private static final int CREATED_FIELD = 8;
    private static final int LAST_TAIL_FIELD = 14;

    /** After the request, up to field {@code last}: the target group, domain, error reason... */
    private void readTail(FieldScanner f, int last) {
        for (int index = 0; index <= last && f.next(); index++) {
            switch (index) {
                case TARGET_GROUP_FIELD -> {
                    groupFrom = f.start();
                    groupTo = f.end();
                }
                case 5 -> {
                    domainFrom = f.start();
                    domainTo = f.end();
                }
                case CREATED_FIELD -> {
                    createdFrom = f.start();
                    createdTo = f.end();
                }
                case 11 -> {
                    reasonFrom = f.start();
                    reasonTo = f.end();
                }
                case 14 -> {
                    classFrom = f.start();
                    classTo = f.end();
                }
                default -> {}
            }
        }
    }

    /**
     * Seconds from request_creation_time (when the balancer received the request) to the line's
     * time (when it answered), or NaN. Where a processing time is -1 this is the only duration the
     * line gives, and it tells a connect that timed out (ALB gives up after 10 s) from a target
     * that took the idle timeout or closed the connection after working on the request.
     */
    private double sinceCreation(LineBytes line) {
        if (createdFrom < 0) {
            return Double.NaN;
        }
        long created = Timestamps.parseIso(line, createdFrom, createdTo, ZoneOffset.UTC);
        if (created == Timestamps.INVALID || created > time) {
            return Double.NaN;
        }
        return (time - created) / 1000.0;
    }

    /** The target group's name when the line has one, else the balancer's, shared. */
    private String service(LineBytes line) {
        if (groupFrom < 0 || groupTo == groupFrom || isDash(line, groupFrom, groupTo)) {
            return names.intern(line, balancerFrom, balancerTo);
        }
        // A balancer has few target groups, named again on every line: the name is found in the
        // ARN once per group (a search through 80 bytes), then by the shared ARN. Bounded, as
        // the lines are not to be trusted.
        if (groupNames.size() > 1024) {
            groupNames.clear();
        }
        return groupNames.computeIfAbsent(
                names.intern(line, groupFrom, groupTo), arn -> groupName(LineBytes.of(arn)));
    }

    private final java.util.Map<String, String> groupNames = new java.util.HashMap<>();

    /** arn:aws:elasticloadbalancing:...:targetgroup/api-tg/73e2d6bc24d8a067 -> api-tg */
    private static String groupName(LineBytes arn) {
        int groupFrom = 0;
        int groupTo = arn.length();
        int i = TARGET_GROUP.find(arn, groupFrom);
        if (i < 0 || i >= groupTo) {
            return arn.toString();
        }
        int s = i + TARGET_GROUP.length();
        int e = arn.indexOf('/', s, groupTo);
        return arn.text(s, e < 0 ? groupTo : e);
    }

    private static final Literal TARGET_GROUP = Literal.of("targetgroup/");

    private static boolean isDash(LineBytes line, int from, int to) {
        return to - from == 1 && line.charAt(from) == '-';
    }

    private static String optional(LineBytes line, int from, int to) {
        return from < 0 || from == to || isDash(line, from, to) ? null : line.text(from, to);
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
