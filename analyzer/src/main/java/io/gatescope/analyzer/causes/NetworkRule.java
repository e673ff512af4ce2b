package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import java.util.List;

/** The path to the upstream is broken: no route, unreachable, connects that never complete. */
final class NetworkRule extends DirectSignatureRule {

    NetworkRule() {
        super(CauseCode.NETWORK, FailureClass.CONNECT_UNREACHABLE, FailureClass.CONNECT_TIMEOUT);
    }

    /** Connect timeouts of a saturated upstream count toward overload instead. */
    @Override
    public double score(IncidentFeatures f) {
        return CauseRule.direct(
                f.share(FailureClass.CONNECT_UNREACHABLE)
                        + (1 - f.saturation()) * f.share(FailureClass.CONNECT_TIMEOUT));
    }

    @Override
    public String summary(IncidentFeatures f) {
        return "The network path from the proxy to "
                + f.mainTarget()
                + " is broken: connects find no route or never complete; check routes, security groups and firewalls.";
    }

    @Override
    public String proxyStatus(IncidentFeatures f) {
        return f.count(FailureClass.CONNECT_TIMEOUT) > f.count(FailureClass.CONNECT_UNREACHABLE)
                ? "connection_timeout"
                : "destination_unavailable";
    }

    @Override
    public List<Fix> fixes(IncidentFeatures f) {
        String host = Fixes.hostOf(f.mainTarget());
        String port = Fixes.portOf(f.mainTarget(), "80");
        return Fixes.forGateway(f.gateway())
                .any(
                        "Test the path from the proxy host",
                        "Run these on the proxy itself: a missing route or an ICMP reject shows at once, a silent drop as a timeout.",
                        "ip route get "
                                + host
                                + "\nnc -vz -w 3 "
                                + host
                                + " "
                                + port
                                + "\ntraceroute -T -p "
                                + port
                                + " "
                                + host)
                .alb(
                        "Allow the load balancer's security group on the target's port",
                        "The target's security group and the subnet's network ACL must allow traffic from the ALB's security group on the target port and the health-check port.",
                        "aws ec2 describe-security-groups --group-ids <target sg>   # inbound "
                                + port
                                + " from the ALB's sg")
                .nginx(
                        "Fail over fast when a peer is unreachable",
                        "A short connect timeout lets nginx try the next peer instead of hanging on a dead path.",
                        "proxy_connect_timeout 2s;\nproxy_next_upstream error timeout;")
                .haproxy(
                        "Shorten the connect timeout and retry elsewhere",
                        "HAProxy retries a failed connect and can redispatch to another server.",
                        "defaults\n    timeout connect 2s\n    retries 2\n    option redispatch")
                .build();
    }
}
