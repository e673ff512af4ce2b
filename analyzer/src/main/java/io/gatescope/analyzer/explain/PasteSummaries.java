package io.gatescope.analyzer.explain;

import io.gatescope.analyzer.model.CauseCode;

/**
 * One sentence per cause for a paste: what the lines would mean if that cause is the one. A few
 * lines show a signature, not a pattern over time, so the sentence says "if", and what to check.
 */
final class PasteSummaries {

    private PasteSummaries() {}

    static String of(CauseCode code, String lead, String peer) {
        String at = peer.isEmpty() ? "the upstream" : peer;
        String hypothesis =
                switch (code) {
                    case UPSTREAM_DOWN ->
                            "if nothing listens on "
                                    + at
                                    + " (the process stopped, crashed or was killed), every request fails"
                                    + " this way: check that it runs and listens.";
                    case UPSTREAM_RESTART ->
                            "if "
                                    + at
                                    + " was being restarted or redeployed at that"
                                    + " moment, requests fail this way for a short spell: check for a"
                                    + " rollout or restart then, and drain before stopping.";
                    case UPSTREAM_OVERLOAD ->
                            "if "
                                    + at
                                    + " is saturated (every worker busy,"
                                    + " workers killed at their time limit), requests fail this way: check"
                                    + " its workers, queue and response times then.";
                    case KEEPALIVE_RACE ->
                            "if "
                                    + at
                                    + " closes idle keep-alive connections before"
                                    + " the proxy stops reusing them, a request sent on such a connection"
                                    + " fails this way, at once and rarely: make the upstream's idle"
                                    + " timeout longer than the proxy's.";
                    case NETWORK ->
                            "if the path to "
                                    + at
                                    + " is broken (routing, a firewall or a"
                                    + " security group), connects fail this way: test it from the proxy's"
                                    + " host.";
                    case DNS_FAILURE ->
                            "the upstream's name did not resolve: check the name and the"
                                    + " resolver the proxy uses.";
                    case TLS_FAILURE ->
                            "the TLS handshake with "
                                    + at
                                    + " failed: check its"
                                    + " certificate, the name the proxy sends (SNI) and the protocols.";
                    case WEBSOCKET_UPGRADE ->
                            "WebSocket handshakes through the proxy fail: the"
                                    + " Upgrade and Connection headers must reach "
                                    + at
                                    + " over HTTP/1.1.";
                    case BAD_UPSTREAM_RESPONSE ->
                            "the proxy rejected what "
                                    + at
                                    + " sent: headers"
                                    + " too big for its buffers, or invalid HTTP.";
                    case PROXY_LIMITS ->
                            "the proxy ran out of something of its own: ports, file"
                                    + " descriptors or worker connections.";
                    case UNKNOWN ->
                            "these lines do not say why; the upstream's own log at that"
                                    + " time, or more fields in the access log, would.";
                };
        return lead + ": " + hypothesis;
    }
}
