package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import java.util.List;

/**
 * The proxy itself runs out of source ports, file descriptors or worker connections, or is denied.
 */
final class ProxyLimitsRule extends DirectSignatureRule {

    ProxyLimitsRule() {
        super(CauseCode.PROXY_LIMITS, FailureClass.PROXY_LIMIT);
    }

    @Override
    public String summary(IncidentFeatures f) {
        return "The proxy in front of "
                + f.window().service
                + " runs out of its own resources (ephemeral ports, file descriptors or worker connections) or a local policy denies the connect.";
    }

    @Override
    public List<Fix> fixes(IncidentFeatures f) {
        return Fixes.forGateway(f.gateway())
                .nginx(
                        "Raise nginx's limits and reuse upstream connections",
                        "EADDRNOTAVAIL (99) means no free source port: reuse connections with keepalive. EMFILE (24) means descriptors: raise worker_rlimit_nofile. EACCES (13) on connect is often SELinux (httpd_can_network_connect).",
                        "worker_rlimit_nofile 65535;\nevents { worker_connections 16384; }\nupstream "
                                + f.window().service
                                + " { server "
                                + f.mainTarget()
                                + "; keepalive 64; }\nproxy_http_version 1.1;\nproxy_set_header Connection \"\";")
                .haproxy(
                        "Raise maxconn and the descriptor limit",
                        "PC/RC states mean HAProxy hit a process or port limit.",
                        "global\n    maxconn 50000\n    ulimit-n 200000")
                .any(
                        "Check ports, descriptors and policy on the proxy host",
                        "Count TIME_WAIT sockets to the upstream, compare open files with the limit, and look for SELinux denials.",
                        "ss -tan state time-wait | wc -l\nsysctl net.ipv4.ip_local_port_range\ncat /proc/$(pgrep -o nginx)/limits | grep 'open files'\ngetsebool httpd_can_network_connect")
                .build();
    }
}
