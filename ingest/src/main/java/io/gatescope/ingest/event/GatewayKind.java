package io.gatescope.ingest.event;

/** The kind of gateway that wrote a line; the fixes offered depend on it. */
public enum GatewayKind {
    NGINX,
    ALB,
    ELB,
    HAPROXY,
    ENVOY,
    TRAEFIK,
    CADDY
}
