package io.gatescope.analyzer.causes;

import static io.gatescope.analyzer.model.FailureClass.CLOSED_FAST;
import static io.gatescope.analyzer.model.FailureClass.CONNECT_FAILED;
import static io.gatescope.analyzer.model.FailureClass.TARGET_CLOSED;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import java.util.List;

/**
 * The upstream closes idle keep-alive connections while the proxy reuses them: rare failures spread
 * over time and peers, with near-zero upstream time, unrelated to load.
 */
final class KeepaliveRaceRule implements CauseRule {

    @Override
    public CauseCode code() {
        return CauseCode.KEEPALIVE_RACE;
    }

    @Override
    public List<FailureClass> signatures() {
        return List.of(CLOSED_FAST, TARGET_CLOSED, CONNECT_FAILED);
    }

    @Override
    public double score(IncidentFeatures f) {
        double thin = 1 - f.burstiness();
        double s =
                f.share(CLOSED_FAST) * (0.5 + 0.5 * thin)
                        + f.share(TARGET_CLOSED, CONNECT_FAILED) * thin;
        double rate = f.errorRate();
        double rare = rate <= 0.02 ? 1 : Math.max(0, 1 - (rate - 0.02) * 10);
        double fast = Double.isNaN(f.failedFastShare()) ? 0.8 : f.failedFastShare();
        double spread = f.spells().size() >= 2 || f.peersKnown() <= 1 ? 1 : 0.6;
        double steady = Double.isNaN(f.latencyRatio()) || f.latencyRatio() < 2 ? 1 : 0.5;
        return CauseRule.inferred(s * rare * fast * spread * steady * (1 - 0.7 * f.rolling()));
    }

    @Override
    public String summary(IncidentFeatures f) {
        return "Rare 502s on "
                + f.window().service
                + " with near-zero upstream time, spread over peers and time: "
                + "the upstream closes idle keep-alive connections before the proxy stops reusing them; make the upstream's idle timeout longer than the proxy's.";
    }

    @Override
    public String patternEvidence(IncidentFeatures f) {
        double fast = f.failedFastShare();
        return String.format(
                java.util.Locale.ROOT,
                "%d gateway errors in %d requests (%.2f%%) across %d peers%s",
                f.window().errors,
                f.window().requests,
                100 * f.errorRate(),
                f.spells().size(),
                Double.isNaN(fast)
                        ? ""
                        : String.format(
                                java.util.Locale.ROOT,
                                ", %.0f%% of them with upstream time under 100 ms",
                                100 * fast));
    }

    @Override
    public List<Fix> fixes(IncidentFeatures f) {
        return Fixes.forGateway(f.gateway())
                .nginx(
                        "Close idle upstream connections before the upstream does",
                        "nginx reuses a kept-alive connection the upstream is closing at that moment. Keep nginx's idle timeout below the upstream's (e.g. Node.js keepAliveTimeout 5 s, gunicorn --keep-alive 2 s) and retry such failures.",
                        "upstream "
                                + f.window().service
                                + " {\n    server "
                                + f.mainTarget()
                                + ";\n    keepalive 32;\n    keepalive_timeout 4s;   # below the upstream's idle timeout\n}\nproxy_http_version 1.1;\nproxy_set_header Connection \"\";\nproxy_next_upstream error timeout non_idempotent;")
                .alb(
                        "Make the targets' keep-alive timeout longer than the ALB idle timeout",
                        "The ALB keeps connections to targets open for its idle timeout (60 s by default); a target that closes them earlier races with new requests.",
                        "# on the target, e.g. Node.js: server.keepAliveTimeout = 65000; server.headersTimeout = 66000\n# nginx target: keepalive_timeout 75s;\naws elbv2 describe-load-balancer-attributes --load-balancer-arn <arn>   # idle_timeout.timeout_seconds")
                .haproxy(
                        "Close idle server connections before the server does",
                        "Limit how long HAProxy keeps idle server connections and retry requests that hit a closed one.",
                        "defaults\n    timeout http-keep-alive 2s\n    retry-on conn-failure empty-response response-timeout\n    retries 2")
                .any(
                        "Confirm the upstream's idle timeout",
                        "Find the upstream server's keep-alive timeout and compare it with the proxy's.",
                        "curl -sv --http1.1 http://"
                                + f.mainTarget()
                                + "/ -o /dev/null 2>&1 | grep -i keep-alive")
                .build();
    }
}
