package io.gatescope.analyzer.model;

/**
 * The signature of one failure, as far as the logs tell it: what the proxy saw when it could not
 * get an answer from the upstream. Causes are ranked from the mix of these signatures.
 */
public enum FailureClass {
    /**
     * connect() refused (ECONNREFUSED), HAProxy SC, a health check that got "Connection refused".
     */
    CONNECT_REFUSED("connection refused by the peer"),
    /**
     * Every peer of the group is marked failed (nginx "no live upstreams", HAProxy NOSRV, ALB 503
     * without target).
     */
    NO_LIVE_UPSTREAMS("no live peer left in the group"),
    /** A peer was taken out of rotation after max_fails or a failed health check. */
    PEER_MARKED_DOWN("peer marked down"),
    /** No route to host, network unreachable, ICMP unreachable. */
    CONNECT_UNREACHABLE("peer unreachable"),
    /** The TCP connect did not complete in time (a firewall dropping, a dead host). */
    CONNECT_TIMEOUT("connect timed out"),
    /** The connect never completed, and the log cannot tell why (access log timings only). */
    CONNECT_FAILED("connect failed"),
    /** EAGAIN on connect to a unix socket: the listen backlog is full. */
    BACKLOG_FULL("listen backlog full"),
    /** The peer closed or reset the connection almost at once (under 100 ms). */
    CLOSED_FAST("peer closed the connection at once"),
    /** The peer closed or reset the connection after working on the request for a while. */
    CLOSED_SLOW("peer closed the connection after a long wait"),
    /** A load balancer saw the target close the connection; timing unknown (ALB/ELB -1 timers). */
    TARGET_CLOSED("target closed or reset the connection"),
    /** The peer did not send a response header in time (504). */
    READ_TIMEOUT("response timed out"),
    /** The request waited in the proxy's queue until it timed out (HAProxy sQ). */
    QUEUE_TIMEOUT("timed out in the proxy queue"),
    /** The response header did not fit the proxy buffers. */
    HEADER_TOO_BIG("response header too big"),
    /** Invalid header, bad chunked encoding, duplicate header, Lambda invalid response. */
    INVALID_RESPONSE("malformed response"),
    /** Certificate verification failed: expired, untrusted, wrong name. */
    TLS_CERTIFICATE("TLS certificate rejected"),
    /** The TLS handshake failed: wrong version, no SNI, alert, peer closed it. */
    TLS_HANDSHAKE("TLS handshake failed"),
    /** The name did not resolve, or the resolver failed. */
    DNS("name resolution failed"),
    /** A WebSocket handshake was answered with something other than 101. */
    WS_UPGRADE_FAILED("WebSocket upgrade failed"),
    /** An upgraded connection was cut by the proxy's idle timeout. */
    WS_IDLE_TIMEOUT("WebSocket cut by idle timeout"),
    /**
     * The proxy ran out of ports, descriptors or worker connections, or a policy denied the
     * connect.
     */
    PROXY_LIMIT("proxy resource limit"),
    /** The upstream itself answered 502/503/504 (the proxy passed it on). */
    UPSTREAM_ANSWERED_ERROR("upstream answered with an error status"),
    /** A gateway error whose log says nothing more. */
    UNCLASSIFIED("no detail logged");

    private final String description;

    FailureClass(String description) {
        this.description = description;
    }

    /** A few words for people. */
    public String description() {
        return description;
    }

    /** The RFC 9209 Proxy-Status error type a proxy would report for this signature. */
    public String proxyStatus() {
        return switch (this) {
            case CONNECT_REFUSED, BACKLOG_FULL -> "connection_refused";
            case NO_LIVE_UPSTREAMS, PEER_MARKED_DOWN, CONNECT_FAILED -> "destination_unavailable";
            case CONNECT_UNREACHABLE -> "destination_ip_unroutable";
            case CONNECT_TIMEOUT -> "connection_timeout";
            case CLOSED_FAST, CLOSED_SLOW, TARGET_CLOSED -> "connection_terminated";
            case READ_TIMEOUT, QUEUE_TIMEOUT -> "http_response_timeout";
            case HEADER_TOO_BIG -> "http_response_header_section_size";
            case INVALID_RESPONSE -> "http_protocol_error";
            case TLS_CERTIFICATE -> "tls_certificate_error";
            case TLS_HANDSHAKE -> "tls_protocol_error";
            case DNS -> "dns_error";
            case WS_UPGRADE_FAILED, WS_IDLE_TIMEOUT -> "http_upgrade_failed";
            case PROXY_LIMIT -> "proxy_internal_error";
            case UPSTREAM_ANSWERED_ERROR, UNCLASSIFIED -> "proxy_internal_response";
        };
    }
}
