package io.gatescope.analyzer.causes;

import static io.gatescope.analyzer.model.FailureClass.CLOSED_FAST;
import static io.gatescope.analyzer.model.FailureClass.CONNECT_FAILED;
import static io.gatescope.analyzer.model.FailureClass.CONNECT_REFUSED;
import static io.gatescope.analyzer.model.FailureClass.NO_LIVE_UPSTREAMS;
import static io.gatescope.analyzer.model.FailureClass.PEER_MARKED_DOWN;
import static io.gatescope.analyzer.model.FailureClass.TARGET_CLOSED;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import java.util.List;

/**
 * Nothing accepts connections: refused connects, no live peers, every peer marked down, together.
 * Connections closed or reset at once count too when they come densely (a crashing process): rare
 * and spread out, they are the keep-alive race.
 */
final class UpstreamDownRule implements CauseRule {

    @Override
    public CauseCode code() {
        return CauseCode.UPSTREAM_DOWN;
    }

    @Override
    public List<FailureClass> signatures() {
        return List.of(
                CONNECT_REFUSED,
                NO_LIVE_UPSTREAMS,
                PEER_MARKED_DOWN,
                CONNECT_FAILED,
                TARGET_CLOSED,
                CLOSED_FAST);
    }

    @Override
    public double score(IncidentFeatures f) {
        double strict = f.share(CONNECT_REFUSED, NO_LIVE_UPSTREAMS, PEER_MARKED_DOWN);
        double ambiguous = f.share(CONNECT_FAILED, TARGET_CLOSED, CLOSED_FAST) * f.burstiness();
        double together = 1 - 0.85 * f.rolling();
        double s = (strict + ambiguous) * together;
        if (f.count(NO_LIVE_UPSTREAMS) > 0 && f.rolling() < 0.5) {
            s = Math.min(1, s + 0.1);
        }
        return CauseRule.inferred(Math.min(1, s));
    }

    @Override
    public String summary(IncidentFeatures f) {
        int failing = f.spells().size();
        String who =
                failing <= 1
                        ? "peer " + f.mainTarget()
                        : failing + " of " + Math.max(failing, f.peersKnown()) + " peers";
        if (resetsMostly(f)) {
            return "Connections to "
                    + who
                    + " of "
                    + f.window().service
                    + " are closed or reset as soon as they are used: the process is crashing or restarting; check its logs and restarts, and take it out of rotation meanwhile.";
        }
        return "Nothing accepts connections on "
                + who
                + " of "
                + f.window().service
                + ": connects are refused, so the process is down or not listening; start it or take it out of rotation.";
    }

    /** The failures are connections closed at once rather than refused connects. */
    private static boolean resetsMostly(IncidentFeatures f) {
        return f.count(CLOSED_FAST) > f.count(CONNECT_REFUSED, NO_LIVE_UPSTREAMS, PEER_MARKED_DOWN);
    }

    @Override
    public String proxyStatus(IncidentFeatures f) {
        if (resetsMostly(f)) {
            return "connection_terminated";
        }
        return f.count(NO_LIVE_UPSTREAMS) > f.count(CONNECT_REFUSED)
                ? "destination_unavailable"
                : "connection_refused";
    }

    @Override
    public List<Fix> fixes(IncidentFeatures f) {
        String t = f.mainTarget();
        String host = Fixes.hostOf(t);
        String port = Fixes.portOf(t, "80");
        return Fixes.forGateway(f.gateway())
                .any(
                        "Check that the upstream process is up and listening",
                        "Refused connects mean the host answered but no process listens on the port: it crashed, was stopped, or listens elsewhere.",
                        "nc -vz "
                                + host
                                + " "
                                + port
                                + "   # then on the host: ss -ltnp 'sport = :"
                                + port
                                + "'")
                .nginx(
                        "Let nginx skip a dead peer quickly and retry another",
                        "With several peers, failed connects are retried on the next one; idempotent requests then never reach the client as 502.",
                        "upstream "
                                + f.window().service
                                + " {\n    server "
                                + t
                                + " max_fails=3 fail_timeout=10s;\n    # add more peers or a backup server\n}\nproxy_next_upstream error timeout http_502;")
                .alb(
                        "Check the target group's health and registered targets",
                        "A 503 or 502 without a target status means the load balancer found no healthy target or the target refused the connection.",
                        "aws elbv2 describe-target-health --target-group-arn <arn of "
                                + f.window().service
                                + ">")
                .haproxy(
                        "Check the server and enable health checks with fast fall/rise",
                        "HAProxy marks the server DOWN only when health checks run; without them every request tries the dead server.",
                        "backend "
                                + f.window().service
                                + "\n    option httpchk GET /health\n    default-server inter 2s fall 2 rise 2\n    option redispatch\n    retries 2")
                .build();
    }
}
