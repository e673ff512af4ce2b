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
import io.gatescope.ingest.parse.Timestamps;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Peers refuse or drop connections one after another for short spells: a deploy without draining.
 */
final class UpstreamRestartRule implements CauseRule {

    @Override
    public CauseCode code() {
        return CauseCode.UPSTREAM_RESTART;
    }

    @Override
    public List<FailureClass> signatures() {
        return List.of(
                CONNECT_REFUSED,
                CLOSED_FAST,
                PEER_MARKED_DOWN,
                CONNECT_FAILED,
                TARGET_CLOSED,
                NO_LIVE_UPSTREAMS);
    }

    @Override
    public double score(IncidentFeatures f) {
        double s = f.share(signatures().toArray(FailureClass[]::new));
        return CauseRule.inferred(s * f.rolling());
    }

    @Override
    public String summary(IncidentFeatures f) {
        return f.spells().size()
                + " peers of "
                + f.window().service
                + " failed one after another for short spells: a rolling restart or deploy that does not drain connections first.";
    }

    @Override
    public String patternEvidence(IncidentFeatures f) {
        return "peers failed one after another: "
                + f.spells().stream()
                        .map(
                                s ->
                                        s.peer()
                                                + " from "
                                                + Timestamps.format(s.firstStep()).substring(11, 19)
                                                + " ("
                                                + s.errors()
                                                + ")")
                        .collect(Collectors.joining(", "));
    }

    @Override
    public List<Fix> fixes(IncidentFeatures f) {
        return Fixes.forGateway(f.gateway())
                .any(
                        "Drain each instance before it stops",
                        "Take the instance out of rotation, wait for in-flight requests (a preStop sleep longer than the proxy's health-check interval), then stop it; start taking traffic only when ready.",
                        "lifecycle:\n  preStop:\n    exec:\n      command: [\"sleep\", \"15\"]\nterminationGracePeriodSeconds: 45")
                .nginx(
                        "Retry the next peer when one is restarting",
                        "Connection errors on one peer are retried on another; keep enough peers up during the rollout (maxUnavailable).",
                        "proxy_next_upstream error timeout http_502 http_503;\nproxy_next_upstream_tries 3;")
                .alb(
                        "Give targets a deregistration delay and a readiness check",
                        "Deregister a target before stopping it and keep the delay longer than the longest request; mark targets healthy only after start-up.",
                        "aws elbv2 modify-target-group-attributes --target-group-arn <arn> --attributes Key=deregistration_delay.timeout_seconds,Value=30")
                .haproxy(
                        "Put servers in drain state during deploys",
                        "Set the server to drain through the runtime API before stopping it, and re-dispatch failed connects.",
                        "echo \"set server "
                                + f.window().service
                                + "/"
                                + f.mainTarget()
                                + " state drain\" | socat stdio /run/haproxy/admin.sock\n# backend: option redispatch + retries 3")
                .build();
    }
}
