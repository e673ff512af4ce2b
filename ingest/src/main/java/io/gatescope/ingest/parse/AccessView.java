package io.gatescope.ingest.parse;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;

/**
 * An access line (nginx, ALB, HAProxy) read in place, without building an {@link AccessEvent}: what
 * a consumer needs to count a request that went well. Most lines of a busy log are such requests,
 * so this view lets them be counted without allocating. Valid only until the parser that returned
 * it reads the next line; a line that needs more (a failed request) is parsed in full.
 */
public interface AccessView {

    /** Which gateway wrote the line. */
    GatewayKind gateway();

    /** When the request ended, in epoch milliseconds. */
    long timeMillis();

    int status();

    /** Total time in seconds, {@code NaN} when not logged. */
    double requestTime();

    /** The request asked for a WebSocket upgrade (or got 101). */
    boolean upgrade();

    /**
     * The service as the full event names it (nginx: {@code $proxy_upstream_name}, else the Host
     * without its port; ALB: the target group; HAProxy: the backend), a shared instance.
     */
    String service();

    /** How many peers (upstreams, targets, servers) the proxy tried. */
    int tryCount();

    /** The last peer tried ({@code "-"} when none was), a shared instance; null when no try. */
    String lastPeer();

    /** The last try's upstream response time, as {@link io.gatescope.ingest.event.UpstreamTry}. */
    double lastResponseTime();

    /** A try before the last one failed (502–504 or no status) at a named peer: a hidden retry. */
    boolean failedBeforeLast();
}
