package io.gatescope.analyzer.explain;

import static io.gatescope.analyzer.model.CauseCode.BAD_UPSTREAM_RESPONSE;
import static io.gatescope.analyzer.model.CauseCode.DNS_FAILURE;
import static io.gatescope.analyzer.model.CauseCode.KEEPALIVE_RACE;
import static io.gatescope.analyzer.model.CauseCode.NETWORK;
import static io.gatescope.analyzer.model.CauseCode.PROXY_LIMITS;
import static io.gatescope.analyzer.model.CauseCode.TLS_FAILURE;
import static io.gatescope.analyzer.model.CauseCode.UNKNOWN;
import static io.gatescope.analyzer.model.CauseCode.UPSTREAM_DOWN;
import static io.gatescope.analyzer.model.CauseCode.UPSTREAM_OVERLOAD;
import static io.gatescope.analyzer.model.CauseCode.UPSTREAM_RESTART;
import static io.gatescope.analyzer.model.CauseCode.WEBSOCKET_UPGRADE;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.ingest.event.GatewayKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * How strongly one line of each failure signature points to each cause, from what the software does
 * (shared/EVIDENCE.md) and what users confirmed in public threads: a refused connect is a peer that
 * does not listen, more often down than restarting; a connection closed before the response header
 * is a keep-alive race when it took no time, a crash or a worker killed when it did; a round time
 * is somebody's timeout. A single line never settles an ambiguous signature: the weights stay
 * spread.
 */
final class ClueWeights {

    /** A time at a whole number of seconds (within 0.1 s) is a timeout firing somewhere. */
    static final double ROUND_SLACK = 0.1;

    private ClueWeights() {}

    /**
     * The weights for a line.
     *
     * @param upstreamSeconds the upstream time the line records, negative or NaN when none
     */
    static Map<CauseCode, Double> of(
            FailureClass c, double upstreamSeconds, boolean upgrade, GatewayKind gateway) {
        boolean timed = upstreamSeconds >= 0;
        Map<CauseCode, Double> w = new EnumMap<>(CauseCode.class);
        switch (c) {
            case CONNECT_REFUSED -> put(w, UPSTREAM_DOWN, .6, UPSTREAM_RESTART, .3, NETWORK, .05);
            case NO_LIVE_UPSTREAMS ->
                    put(w, UPSTREAM_DOWN, .5, UPSTREAM_RESTART, .2, UPSTREAM_OVERLOAD, .1);
            case PEER_MARKED_DOWN ->
                    put(w, UPSTREAM_DOWN, .45, UPSTREAM_RESTART, .25, UPSTREAM_OVERLOAD, .15);
            case CONNECT_UNREACHABLE ->
                    put(w, NETWORK, .65, UPSTREAM_RESTART, .15, UPSTREAM_DOWN, .15);
            case CONNECT_TIMEOUT -> put(w, NETWORK, .5, UPSTREAM_OVERLOAD, .3, UPSTREAM_DOWN, .15);
            case CONNECT_FAILED -> put(w, UPSTREAM_DOWN, .45, NETWORK, .25, UPSTREAM_RESTART, .2);
            case BACKLOG_FULL -> put(w, UPSTREAM_OVERLOAD, .85, UPSTREAM_DOWN, .05);
            case CLOSED_FAST -> closedFast(w, timed, gateway);
            case CLOSED_SLOW -> {
                put(w, UPSTREAM_OVERLOAD, .55, UPSTREAM_DOWN, .25, BAD_UPSTREAM_RESPONSE, .1);
                if (round(upstreamSeconds)) {
                    // A worker killed at its time limit (gunicorn's 30 s, uWSGI's harakiri).
                    w.merge(UPSTREAM_OVERLOAD, .15, Double::sum);
                    w.merge(UPSTREAM_DOWN, -.1, Double::sum);
                }
            }
            case TARGET_CLOSED ->
                    put(
                            w,
                            KEEPALIVE_RACE,
                            .4,
                            UPSTREAM_DOWN,
                            .3,
                            UPSTREAM_OVERLOAD,
                            .15,
                            BAD_UPSTREAM_RESPONSE,
                            .1);
            case READ_TIMEOUT -> put(w, UPSTREAM_OVERLOAD, .7, UPSTREAM_DOWN, .1, NETWORK, .1);
            case QUEUE_TIMEOUT -> put(w, UPSTREAM_OVERLOAD, .85);
            case HEADER_TOO_BIG -> put(w, BAD_UPSTREAM_RESPONSE, .9);
            case INVALID_RESPONSE -> put(w, BAD_UPSTREAM_RESPONSE, .75, TLS_FAILURE, .1);
            case TLS_CERTIFICATE -> put(w, TLS_FAILURE, .9);
            case TLS_HANDSHAKE ->
                    put(w, TLS_FAILURE, .75, UPSTREAM_DOWN, .1, UPSTREAM_RESTART, .05);
            case DNS -> put(w, DNS_FAILURE, .9);
            case WS_UPGRADE_FAILED -> put(w, WEBSOCKET_UPGRADE, .8, UPSTREAM_DOWN, .05);
            case WS_IDLE_TIMEOUT -> put(w, WEBSOCKET_UPGRADE, .85);
            case PROXY_LIMIT -> put(w, PROXY_LIMITS, .9);
            case UPSTREAM_ANSWERED_ERROR ->
                    put(w, UNKNOWN, .45, UPSTREAM_OVERLOAD, .25, UPSTREAM_DOWN, .15);
            case UNCLASSIFIED ->
                    put(
                            w,
                            UNKNOWN,
                            .4,
                            UPSTREAM_DOWN,
                            .2,
                            UPSTREAM_OVERLOAD,
                            .2,
                            KEEPALIVE_RACE,
                            .1);
        }
        if (upgrade && c != FailureClass.WS_UPGRADE_FAILED && c != FailureClass.WS_IDLE_TIMEOUT) {
            // A handshake that failed in another way still points at the WebSocket path a little.
            w.merge(WEBSOCKET_UPGRADE, .1, Double::sum);
        }
        return w;
    }

    /**
     * Closed before the response header. Without a time, a crash, a killed worker and a keep-alive
     * race all fit; near zero on a reused connection, the race leads. Envoy's and the load
     * balancers' pools reuse connections by default, so the race is likelier behind them.
     */
    private static void closedFast(Map<CauseCode, Double> w, boolean timed, GatewayKind gateway) {
        if (!timed) {
            put(
                    w,
                    UPSTREAM_DOWN,
                    .35,
                    KEEPALIVE_RACE,
                    .3,
                    UPSTREAM_OVERLOAD,
                    .25,
                    BAD_UPSTREAM_RESPONSE,
                    .05);
        } else {
            put(
                    w,
                    KEEPALIVE_RACE,
                    .45,
                    UPSTREAM_DOWN,
                    .3,
                    UPSTREAM_OVERLOAD,
                    .1,
                    BAD_UPSTREAM_RESPONSE,
                    .1);
        }
        if (gateway == GatewayKind.ENVOY || gateway == GatewayKind.ALB) {
            w.merge(KEEPALIVE_RACE, .1, Double::sum);
            w.merge(UPSTREAM_DOWN, -.1, Double::sum);
        }
    }

    /** Whether a time sits at a whole number of seconds of at least 5 (a configured limit). */
    static boolean round(double seconds) {
        if (!(seconds >= 5)) {
            return false;
        }
        double frac = seconds - Math.floor(seconds);
        return frac <= ROUND_SLACK || frac >= 1 - 0.01;
    }

    private static void put(Map<CauseCode, Double> w, Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            w.put((CauseCode) pairs[i], (Double) pairs[i + 1]);
        }
    }
}
