package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import java.util.List;

/** The upstream name does not resolve, or the resolver fails. */
final class DnsFailureRule extends DirectSignatureRule {

    DnsFailureRule() {
        super(CauseCode.DNS_FAILURE, FailureClass.DNS);
    }

    @Override
    public String summary(IncidentFeatures f) {
        return "The proxy cannot resolve the upstream name of "
                + f.window().service
                + ": the name does not exist or the resolver fails or times out; fix the record or the resolver.";
    }

    @Override
    public String proxyStatus(IncidentFeatures f) {
        boolean timeout =
                f.window().evidence.keySet().stream().anyMatch(k -> k.contains("timed out"));
        return timeout ? "dns_timeout" : "dns_error";
    }

    @Override
    public List<Fix> fixes(IncidentFeatures f) {
        String name = UpstreamNames.resolvedName(f);
        return Fixes.forGateway(f.gateway())
                .any(
                        "Query the name against the proxy's resolver",
                        "NXDOMAIN means the record is missing; SERVFAIL or a timeout means the resolver is failing.",
                        "dig " + name + " @" + UpstreamNames.resolver(f) + " +tries=1 +time=2")
                .nginx(
                        "Use a reachable resolver and re-resolve on a schedule",
                        "With a variable in proxy_pass nginx resolves at run time through `resolver`; give it a working resolver, a sane cache time and a timeout.",
                        "resolver 10.0.0.2 valid=30s ipv6=off;\nresolver_timeout 2s;\nset $upstream_host "
                                + name
                                + ";\nproxy_pass http://$upstream_host;")
                .haproxy(
                        "Declare a resolvers section with hold times",
                        "HAProxy keeps the last good address while the resolver fails if hold obsolete/valid are set.",
                        "resolvers dns\n    nameserver ns1 10.0.0.2:53\n    hold valid 10s\n    hold obsolete 60s\n# server s1 "
                                + name
                                + ":80 resolvers dns init-addr last,libc,none")
                .build();
    }
}
