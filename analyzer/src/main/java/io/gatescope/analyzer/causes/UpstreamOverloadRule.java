package io.gatescope.analyzer.causes;

import static io.gatescope.analyzer.model.FailureClass.BACKLOG_FULL;
import static io.gatescope.analyzer.model.FailureClass.CLOSED_SLOW;
import static io.gatescope.analyzer.model.FailureClass.CONNECT_TIMEOUT;
import static io.gatescope.analyzer.model.FailureClass.QUEUE_TIMEOUT;
import static io.gatescope.analyzer.model.FailureClass.READ_TIMEOUT;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import java.util.List;
import java.util.Locale;

/**
 * The upstream is saturated: latency climbs with load, backlogs fill, workers time out or are
 * killed.
 */
final class UpstreamOverloadRule implements CauseRule {

    @Override
    public CauseCode code() {
        return CauseCode.UPSTREAM_OVERLOAD;
    }

    @Override
    public List<FailureClass> signatures() {
        return List.of(BACKLOG_FULL, READ_TIMEOUT, QUEUE_TIMEOUT, CLOSED_SLOW, CONNECT_TIMEOUT);
    }

    @Override
    public double score(IncidentFeatures f) {
        double s =
                f.share(BACKLOG_FULL, READ_TIMEOUT, QUEUE_TIMEOUT, CLOSED_SLOW)
                        + f.saturation() * f.share(CONNECT_TIMEOUT);
        double latency = f.latencyRatio();
        double load = f.loadRatio();
        double bonus = 0;
        if (!Double.isNaN(latency) && latency >= 2) {
            bonus += Math.min(0.3, 0.1 * latency);
        }
        if (!Double.isNaN(load) && load >= 1.5) {
            bonus += 0.1;
        }
        return CauseRule.inferred(Math.min(1, s + (s > 0.1 ? bonus : bonus / 3)));
    }

    @Override
    public String summary(IncidentFeatures f) {
        if (!Double.isNaN(f.loadRatio()) && f.loadRatio() < 1.2) {
            // No more traffic than before: something made requests slow, not their number.
            return f.window().service
                    + " is slow without more traffic: upstream response times climbed while load"
                    + " stayed level, and requests time out, queue or lose their worker; find what"
                    + " holds the requests (a dependency, a lock, one endpoint) before adding"
                    + " capacity.";
        }
        return f.window().service
                + " is saturated: upstream response times climbed"
                + (Double.isNaN(f.loadRatio())
                        ? ""
                        : String.format(Locale.ROOT, " as traffic rose %.1f×", f.loadRatio()))
                + " and requests time out, queue or lose their worker; add capacity or shed load.";
    }

    @Override
    public String patternEvidence(IncidentFeatures f) {
        long before = f.baseline().upstream.percentile(95);
        long during = f.window().upstream.percentile(95);
        if (before < 0 || during < 0) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "upstream p95 %d ms before, %d ms during the episode%s",
                before,
                during,
                Double.isNaN(f.loadRatio())
                        ? ""
                        : String.format(
                                Locale.ROOT, "; requests/s %.1f× the baseline", f.loadRatio()));
    }

    @Override
    public String proxyStatus(IncidentFeatures f) {
        return f.count(BACKLOG_FULL) > f.count(READ_TIMEOUT)
                ? "connection_refused"
                : "connection_timeout";
    }

    @Override
    public List<Fix> fixes(IncidentFeatures f) {
        return Fixes.forGateway(f.gateway())
                .any(
                        "Add capacity or limit concurrency at the upstream",
                        "Scale out the service, raise its worker count (php-fpm pm.max_children, gunicorn workers) or its listen backlog, and check for a slow dependency behind it.",
                        "# php-fpm: pm.max_children = 50; listen.backlog = 4096\n# kernel: sysctl -w net.core.somaxconn=4096")
                .nginx(
                        "Queue and shed at the proxy instead of failing",
                        "Limit connections per peer so that excess requests wait in nginx's queue, and rate-limit abusive clients.",
                        "upstream "
                                + f.window().service
                                + " {\n    server "
                                + f.mainTarget()
                                + " max_conns=100;\n    queue 200 timeout=10s;   # nginx Plus; otherwise limit_req\n}\nlimit_req_zone $binary_remote_addr zone=perip:10m rate=20r/s;")
                .alb(
                        "Scale the target group and watch TargetResponseTime",
                        "Enable auto scaling on request count per target; consider slow start for new targets.",
                        "aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name TargetResponseTime --dimensions Name=TargetGroup,Value=<tg> --statistics p95 --period 60 --start-time <t0> --end-time <t1>")
                .haproxy(
                        "Bound concurrency per server and queue the rest",
                        "maxconn per server makes HAProxy queue excess requests (watch Tw and sq/bq) instead of overloading the server.",
                        "backend "
                                + f.window().service
                                + "\n    default-server maxconn 100\n    timeout queue 10s")
                .build();
    }
}
