package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.Fix;
import java.util.List;

/**
 * The fixes of Envoy (and Istio), Traefik and Caddy for each cause, with the command that confirms
 * each: put first, ahead of a rule's checks that any gateway shares, when the incident's gateway is
 * one of them. Their settings follow those gateways' documentation (Envoy's cluster, outlier
 * detection, circuit breakers and retry policy, Istio's DestinationRule; Traefik's serversTransport
 * and health checks; Caddy's reverse_proxy transport and health checks).
 */
final class ProxyFixes {

    private ProxyFixes() {}

    static List<Fix> of(CauseCode code, IncidentFeatures f) {
        String service = f.window().service;
        return switch (f.gateway() == null ? "" : f.gateway()) {
            case "ENVOY" -> envoy(code, service);
            case "TRAEFIK" -> traefik(code);
            case "CADDY" -> caddy(code);
            default -> List.of();
        };
    }

    private static List<Fix> envoy(CauseCode code, String cluster) {
        String confirm =
                "istioctl proxy-config endpoint <pod> --cluster '"
                        + cluster
                        + "'   # or: curl -s localhost:15000/clusters | grep '"
                        + cluster
                        + "'";
        return switch (code) {
            case UPSTREAM_DOWN ->
                    List.of(
                            new Fix(
                                    "Eject dead endpoints quickly and check what is behind the cluster",
                                    "UF/UH: Envoy could not connect, or no endpoint of the cluster is healthy. Outlier detection takes a failing endpoint out; an active health check finds it before requests do.",
                                    "outlier_detection:\n  consecutive_5xx: 5\n  consecutive_gateway_failure: 3\n  interval: 5s\n  base_ejection_time: 30s\n# "
                                            + confirm));
            case UPSTREAM_RESTART ->
                    List.of(
                            new Fix(
                                    "Drain endpoints before they stop, and retry a refused connect",
                                    "Endpoints that stop while still in Envoy's load assignment are refused or reset (UF, UC). A preStop sleep keeps the pod serving until the update reaches every proxy; a retry on connect-failure moves the request to another endpoint.",
                                    "retry_policy:\n  retry_on: connect-failure,refused-stream,reset\n  num_retries: 2\n# Kubernetes: lifecycle.preStop sleep 10; terminationGracePeriodSeconds > 10\n# "
                                            + confirm));
            case UPSTREAM_OVERLOAD ->
                    List.of(
                            new Fix(
                                    "Size the circuit breakers and timeouts to the upstream's capacity",
                                    "UO means a circuit breaker tripped (max_pending_requests, max_requests, max_connections); UT that the route's timeout passed. Add capacity or lower concurrency; raise the thresholds only when the upstream can take it.",
                                    "circuit_breakers:\n  thresholds:\n  - max_connections: 1024\n    max_pending_requests: 1024\n    max_requests: 1024\n# Istio: DestinationRule trafficPolicy.connectionPool.http.http1MaxPendingRequests\n# curl -s localhost:15000/stats | grep -E 'upstream_rq_pending_overflow|upstream_rq_timeout'"));
            case KEEPALIVE_RACE ->
                    List.of(
                            new Fix(
                                    "Close idle upstream connections before the upstream does",
                                    "UC with near-zero upstream time: the upstream closed a pooled connection as Envoy reused it. Set the cluster's idle_timeout below the upstream's keep-alive timeout and retry reset requests.",
                                    "typed_extension_protocol_options:\n  envoy.extensions.upstreams.http.v3.HttpProtocolOptions:\n    common_http_protocol_options:\n      idle_timeout: 4s   # below the upstream's keep-alive timeout\n# Istio: DestinationRule connectionPool.http.idleTimeout: 4s\n# retry_policy: retry_on: reset"));
            case NETWORK ->
                    List.of(
                            new Fix(
                                    "Find where the path to the endpoints breaks",
                                    "Connect timeouts and no route to the endpoints: a node, a network policy or a security group between the proxy and the pods. Shorten connect_timeout so that retries reach another endpoint in time.",
                                    "connect_timeout: 1s\n# "
                                            + confirm
                                            + "\n# kubectl get networkpolicy -A"));
            case DNS_FAILURE ->
                    List.of(
                            new Fix(
                                    "Make the cluster's name resolve (DF)",
                                    "A STRICT_DNS or LOGICAL_DNS cluster whose name does not resolve: check the name and the resolver Envoy uses; keep the last good hosts while DNS fails.",
                                    "dns_refresh_rate: 5s\nrespect_dns_ttl: true\n# kubectl -n <ns> exec <pod> -c istio-proxy -- nslookup <host>"));
            case TLS_FAILURE ->
                    List.of(
                            new Fix(
                                    "Fix the upstream TLS context",
                                    "UF with a TLS transport failure reason: the upstream's certificate does not verify against the cluster's trusted CA or SAN, or the protocols do not match (mTLS to a plaintext port).",
                                    "transport_socket:\n  name: envoy.transport_sockets.tls\n  typed_config:\n    sni: <upstream host name>\n    common_tls_context:\n      validation_context:\n        trusted_ca: {filename: /etc/ssl/certs/ca.pem}\n# Istio: istioctl x describe pod <pod>   (DestinationRule tls.mode vs PeerAuthentication)"));
            case WEBSOCKET_UPGRADE ->
                    List.of(
                            new Fix(
                                    "Allow the upgrade on the route and keep the stream open",
                                    "Envoy passes WebSocket upgrades only where upgrade_configs allows them; stream_idle_timeout and the route timeout also cut long sessions.",
                                    "upgrade_configs:\n- upgrade_type: websocket\nstream_idle_timeout: 3600s\nroute: {timeout: 0s}"));
            case BAD_UPSTREAM_RESPONSE ->
                    List.of(
                            new Fix(
                                    "Find what the upstream sends that Envoy rejects",
                                    "UPE: the upstream's response broke HTTP (invalid headers, a bad content-length, HTTP/2 framing). Look at the response directly; headers too big need max_response_headers_kb.",
                                    "common_http_protocol_options:\n  max_headers_count: 200\nhttp_protocol_options:\n  override_stream_error_on_invalid_http_message: false\n# curl -sv http://<endpoint>/<path>"));
            case PROXY_LIMITS ->
                    List.of(
                            new Fix(
                                    "Give the proxy the resources it runs out of",
                                    "The overload manager or max stream duration ended the request (OM, UMSDR): raise the proxy's memory, connection and stream limits.",
                                    "# Istio: sidecar.istio.io/proxyMemoryLimit, proxyCPU annotations\n# curl -s localhost:15000/stats | grep overload"));
            case UNKNOWN -> List.of();
        };
    }

    private static List<Fix> traefik(CauseCode code) {
        String confirm =
                "curl -s localhost:8080/api/http/services | jq '.[] | {name, serverStatus}'";
        return switch (code) {
            case UPSTREAM_DOWN, UPSTREAM_RESTART ->
                    List.of(
                            new Fix(
                                    "Health-check the servers so that Traefik stops sending to dead ones",
                                    "Traefik keeps sending to a server that refuses until a health check removes it; with one, a restarting server is skipped, and a retry middleware moves a failed connect elsewhere.",
                                    "services:\n  app:\n    loadBalancer:\n      healthCheck:\n        path: /health\n        interval: 5s\n        timeout: 2s\nmiddlewares:\n  retry:\n    retry:\n      attempts: 2\n# "
                                            + confirm));
            case UPSTREAM_OVERLOAD, NETWORK ->
                    List.of(
                            new Fix(
                                    "Match Traefik's timeouts to the upstream, and add capacity",
                                    "A dial or read timeout to the server (504), or servers too busy to answer: set serversTransport timeouts knowingly and scale the service.",
                                    "serversTransports:\n  default:\n    forwardingTimeouts:\n      dialTimeout: 5s\n      responseHeaderTimeout: 30s\n# "
                                            + confirm));
            case KEEPALIVE_RACE ->
                    List.of(
                            new Fix(
                                    "Close idle connections before the server does",
                                    "Go's transport reused a connection the server had closed (EOF, connection reset): keep Traefik's idle timeout below the server's keep-alive timeout.",
                                    "serversTransports:\n  default:\n    forwardingTimeouts:\n      idleConnTimeout: 4s   # below the server's keep-alive timeout"));
            case DNS_FAILURE ->
                    List.of(
                            new Fix(
                                    "Make the server URL's name resolve",
                                    "The service's URL names a host that does not resolve from Traefik's container or host.",
                                    "# docker exec traefik nslookup <host>   (same network as the service?)"));
            case TLS_FAILURE ->
                    List.of(
                            new Fix(
                                    "Trust the server's certificate in its serversTransport",
                                    "x509 or tls errors to an https server: give the transport the CA and server name, rather than insecureSkipVerify.",
                                    "serversTransports:\n  backend-tls:\n    serverName: backend.internal\n    rootCAs: [/certs/ca.pem]"));
            case WEBSOCKET_UPGRADE, BAD_UPSTREAM_RESPONSE, PROXY_LIMITS, UNKNOWN ->
                    List.of(
                            new Fix(
                                    "Read Traefik's own error for these requests",
                                    "Traefik logs the proxy error behind each 502 at debug level: set log.level to DEBUG for a while.",
                                    "log:\n  level: DEBUG\naccessLog:\n  format: json"));
        };
    }

    private static List<Fix> caddy(CauseCode code) {
        return switch (code) {
            case UPSTREAM_DOWN, UPSTREAM_RESTART ->
                    List.of(
                            new Fix(
                                    "Let Caddy skip dead upstreams and retry",
                                    "reverse_proxy tries another upstream for a failed dial when lb_try_duration allows, and active health checks take a down one out.",
                                    "reverse_proxy app1:8080 app2:8080 {\n    lb_try_duration 5s\n    health_uri /health\n    health_interval 5s\n    fail_duration 30s\n}"));
            case UPSTREAM_OVERLOAD ->
                    List.of(
                            new Fix(
                                    "Bound requests per upstream and add capacity",
                                    "Timeouts to busy upstreams: limit in-flight requests per upstream and pick the least busy.",
                                    "reverse_proxy app1:8080 app2:8080 {\n    lb_policy least_conn\n    unhealthy_request_count 100\n    transport http {\n        response_header_timeout 30s\n    }\n}"));
            case KEEPALIVE_RACE ->
                    List.of(
                            new Fix(
                                    "Close idle upstream connections first",
                                    "EOF or resets on reused connections: keep the transport's keepalive below the upstream's idle timeout.",
                                    "reverse_proxy app:8080 {\n    transport http {\n        keepalive 4s\n    }\n}"));
            case NETWORK ->
                    List.of(
                            new Fix(
                                    "Shorten the dial timeout and retry elsewhere",
                                    "Dials that time out or find no route: fail fast and let lb_try_duration move to another upstream.",
                                    "reverse_proxy app1:8080 app2:8080 {\n    lb_try_duration 5s\n    transport http {\n        dial_timeout 2s\n    }\n}"));
            case DNS_FAILURE ->
                    List.of(
                            new Fix(
                                    "Make the upstream's name resolve",
                                    "`lookup ...: no such host` or `server misbehaving`: the name is wrong or the container is not on Caddy's network.",
                                    "# docker exec caddy nslookup <upstream>   (docker network inspect <net>)"));
            case TLS_FAILURE ->
                    List.of(
                            new Fix(
                                    "Trust the upstream's certificate",
                                    "tls or x509 errors dialing an https upstream: give the transport the CA and the server name.",
                                    "reverse_proxy https://backend:8443 {\n    transport http {\n        tls_trusted_ca_certs /certs/ca.pem\n        tls_server_name backend.internal\n    }\n}"));
            case WEBSOCKET_UPGRADE, BAD_UPSTREAM_RESPONSE, PROXY_LIMITS, UNKNOWN ->
                    List.of(
                            new Fix(
                                    "Read Caddy's error log for these requests",
                                    "Caddy logs the error behind each 502 under http.log.error with the request: its message says what failed.",
                                    "{\n    log {\n        level INFO\n    }\n}"));
        };
    }
}
