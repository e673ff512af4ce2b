package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import java.util.List;

/**
 * The TLS handshake with the upstream fails: certificate expired, untrusted or misnamed; SNI;
 * versions.
 */
final class TlsFailureRule extends DirectSignatureRule {

    TlsFailureRule() {
        super(CauseCode.TLS_FAILURE, FailureClass.TLS_CERTIFICATE, FailureClass.TLS_HANDSHAKE);
    }

    @Override
    public String summary(IncidentFeatures f) {
        String what =
                f.count(FailureClass.TLS_CERTIFICATE) >= f.count(FailureClass.TLS_HANDSHAKE)
                        ? "the upstream's certificate is rejected (expired, untrusted or for another name)"
                        : "the TLS handshake fails (plain HTTP on a TLS port, missing SNI, or no common protocol or cipher)";
        return "The proxy cannot open TLS to " + f.mainTarget() + ": " + what + ".";
    }

    @Override
    public String proxyStatus(IncidentFeatures f) {
        return f.count(FailureClass.TLS_CERTIFICATE) >= f.count(FailureClass.TLS_HANDSHAKE)
                ? "tls_certificate_error"
                : "tls_protocol_error";
    }

    @Override
    public List<Fix> fixes(IncidentFeatures f) {
        String t = f.mainTarget();
        String host = f.window().service;
        String target = t.indexOf(':') > 0 ? t : t + ":443";
        return Fixes.forGateway(f.gateway())
                .any(
                        "Inspect the upstream's certificate as the proxy sees it",
                        "Shows the chain, validity dates and the names the certificate covers.",
                        "openssl s_client -connect "
                                + target
                                + " -servername "
                                + host
                                + " -showcerts </dev/null | openssl x509 -noout -dates -subject -ext subjectAltName")
                .nginx(
                        "Send SNI and verify against the right name and CA",
                        "Many upstreams need SNI; the verified name must be on the certificate; renew an expired certificate.",
                        "proxy_ssl_server_name on;\nproxy_ssl_name "
                                + host
                                + ";\nproxy_ssl_verify on;\nproxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\nproxy_ssl_protocols TLSv1.2 TLSv1.3;")
                .alb(
                        "Check the target's TLS listener",
                        "ALB does not validate target certificates, so a handshake error means the target's TLS setup (protocol, ciphers, or HTTP on an HTTPS target group).",
                        "aws elbv2 describe-target-groups --names "
                                + host
                                + "   # Protocol HTTPS vs the target's port")
                .haproxy(
                        "Verify with SNI and the right CA file",
                        "Set sni and verify on the server line.",
                        "server s1 "
                                + target
                                + " ssl verify required ca-file /etc/ssl/certs/ca-certificates.crt sni str("
                                + host
                                + ")")
                .build();
    }
}
