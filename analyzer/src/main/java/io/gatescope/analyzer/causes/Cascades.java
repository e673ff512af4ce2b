package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import io.gatescope.analyzer.model.StepStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a cause says about a cascade ({@link IncidentFeatures.Cascade}) when its failures are the
 * ones that took the peers out: the consequence in the summary and the evidence, with its own
 * count, and the fix for the cascade beside the cause's own.
 */
final class Cascades {

    private Cascades() {}

    /** The cascade, when this rule's signatures tripped the peers; else null. */
    static IncidentFeatures.Cascade of(CauseRule rule, IncidentFeatures f) {
        IncidentFeatures.Cascade c = f.cascade();
        return c != null && rule.signatures().contains(c.trigger()) ? c : null;
    }

    /** A failure kind that took the peers out, rather than a peer that was down anyway. */
    static boolean tripped(IncidentFeatures.Cascade c) {
        return c != null && !IncidentFeatures.DOWN_SIGNATURES.contains(c.trigger());
    }

    /** The sentence that goes before the cause's own summary, or "". */
    static String summaryPrefix(IncidentFeatures.Cascade c, IncidentFeatures f) {
        if (!tripped(c)) {
            return "";
        }
        int peers = Math.max(1, f.peersKnown());
        String which =
                peers == 1
                        ? "the only peer"
                        : peers == 2 ? "both peers" : "all " + peers + " peers";
        return String.format(
                Locale.ROOT,
                "%,d %s took %s out; %,d other requests then got no live upstream. ",
                c.triggers(),
                what(c.trigger()),
                which,
                c.consequences());
    }

    private static String what(FailureClass trigger) {
        return switch (trigger) {
            case WS_UPGRADE_FAILED -> "failed WebSocket upgrades";
            case HEADER_TOO_BIG -> "responses with headers too big for the proxy";
            case INVALID_RESPONSE -> "malformed responses";
            case READ_TIMEOUT -> "response timeouts";
            case CONNECT_TIMEOUT -> "connect timeouts";
            case TLS_CERTIFICATE, TLS_HANDSHAKE -> "failed TLS handshakes";
            case CLOSED_SLOW -> "connections closed after a long wait";
            default -> "requests that failed (" + trigger.description() + ")";
        };
    }

    /** The consequence as evidence: its count, and the lines that show it. */
    static Evidence evidence(IncidentFeatures.Cascade c, StepStats window) {
        List<String> examples =
                window
                        .examples
                        .getOrDefault(FailureClass.NO_LIVE_UPSTREAMS.name(), List.of())
                        .stream()
                        .limit(2)
                        .toList();
        return new Evidence(
                String.format(
                        Locale.ROOT,
                        "then no live upstream: %s took the peers out of the group",
                        what(c.trigger())),
                c.consequences(),
                examples);
    }

    /** The fix for the cascade itself, for the gateway at hand. */
    static List<Fix> fixes(IncidentFeatures f) {
        String service = f.window().service;
        List<Fix> out = new ArrayList<>();
        out.addAll(
                Fixes.forGateway(f.gateway())
                        .nginx(
                                "Keep one kind of failure from taking every peer out",
                                "nginx marks a peer failed after max_fails unsuccessful tries (1 by"
                                        + " default) for fail_timeout (10 s), whatever the request:"
                                        + " give the failing location its own upstream, or stop"
                                        + " its failures from counting, and do not retry them on"
                                        + " the next peer.",
                                "upstream "
                                        + service
                                        + "_ws {\n    server <peer> max_fails=0;   # the failing"
                                        + " location's own group\n}\nlocation /socket.io/ {\n"
                                        + "    proxy_pass http://"
                                        + service
                                        + "_ws;\n    proxy_next_upstream off;\n}")
                        .haproxy(
                                "Do not let one kind of error mark servers down",
                                "observe layer7 with on-error mark-down takes a server out on"
                                        + " response errors of any request; send the failing"
                                        + " path to a backend of its own, or only fasten checks.",
                                "backend "
                                        + service
                                        + "\n    default-server observe layer7 error-limit 50"
                                        + " on-error fastinter")
                        .alb(
                                "Give the failing path a target group of its own",
                                "Targets marked unhealthy serve no path of the group; a listener"
                                        + " rule for the failing path keeps the rest served.",
                                "aws elbv2 create-rule --listener-arn <arn> --priority 10"
                                        + " --conditions Field=path-pattern,Values='/ws/*'"
                                        + " --actions Type=forward,TargetGroupArn=<own group>")
                        .envoy(
                                "Bound how many hosts outlier detection may eject",
                                "Ejections for one kind of error can empty the cluster (then"
                                        + " UH, no healthy upstream); cap them and split local"
                                        + " from upstream errors.",
                                "outlier_detection:\n  max_ejection_percent: 50\n"
                                        + "  split_external_local_origin_errors: true")
                        .build());
        return out;
    }
}
