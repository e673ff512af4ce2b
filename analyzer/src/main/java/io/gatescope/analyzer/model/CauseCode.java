package io.gatescope.analyzer.model;

/**
 * The cause codes of the contract (shared/CONTRACT.md section 3), with the RFC 9209 type that fits
 * best.
 */
public enum CauseCode {
    UPSTREAM_DOWN("connection_refused"),
    UPSTREAM_RESTART("connection_refused"),
    UPSTREAM_OVERLOAD("connection_timeout"),
    KEEPALIVE_RACE("connection_terminated"),
    NETWORK("destination_unavailable"),
    DNS_FAILURE("dns_error"),
    TLS_FAILURE("tls_protocol_error"),
    WEBSOCKET_UPGRADE("http_upgrade_failed"),
    BAD_UPSTREAM_RESPONSE("http_protocol_error"),
    PROXY_LIMITS("proxy_internal_error"),
    UNKNOWN("proxy_internal_error");

    private final String proxyStatus;

    CauseCode(String proxyStatus) {
        this.proxyStatus = proxyStatus;
    }

    /** The default RFC 9209 Proxy-Status error type; a rule may pick a more precise one. */
    public String proxyStatus() {
        return proxyStatus;
    }
}
