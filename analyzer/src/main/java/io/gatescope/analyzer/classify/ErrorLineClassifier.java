package io.gatescope.analyzer.classify;

import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.ingest.event.ErrorEvent;

/**
 * Reads an nginx error line (and, through {@link GoNetErrors}, Traefik's and Caddy's Go errors) the
 * way an experienced operator does: the errno and the phase after {@code while} say what failed
 * (see shared/EVIDENCE.md). Lines about clients, signals or bodies already sent are not failures of
 * the upstream and give null.
 */
public final class ErrorLineClassifier {

    private ErrorLineClassifier() {}

    /** The failure signature of an error line, or null when it says nothing about a 502. */
    public static FailureClass classify(ErrorEvent e) {
        if (e.gateway() != io.gatescope.ingest.event.GatewayKind.NGINX) {
            return GoNetErrors.classify(e.message());
        }
        String m = e.message();
        String phase = e.phase();
        int errno = e.errno();
        if (m.contains("could not be resolved")
                || phase.startsWith("resolving")
                || m.contains("no resolver defined")) {
            return FailureClass.DNS;
        }
        if (phase.contains("upgraded connection")) {
            return m.contains("timed out") ? FailureClass.WS_IDLE_TIMEOUT : null;
        }
        if (phase.contains("SSL handshaking")
                || m.contains("SSL_do_handshake")
                || m.contains("upstream SSL certificate")
                || m.contains("in SSL handshake")) {
            return m.contains("certificate")
                    ? FailureClass.TLS_CERTIFICATE
                    : FailureClass.TLS_HANDSHAKE;
        }
        if (errno == 99
                || errno == 24
                || errno == 23
                || errno == 13 && phase.startsWith("connecting")
                || m.contains("worker_connections are not enough")
                || m.contains("Too many open files")) {
            return FailureClass.PROXY_LIMIT;
        }
        if (m.startsWith("no live upstreams")) {
            return FailureClass.NO_LIVE_UPSTREAMS;
        }
        if (m.startsWith("upstream server temporarily disabled")) {
            return FailureClass.PEER_MARKED_DOWN;
        }
        if (m.contains("too big header")) {
            return FailureClass.HEADER_TOO_BIG;
        }
        if (m.contains("upstream sent invalid")
                || m.contains("invalid chunked")
                || m.contains("duplicate header")
                || m.contains("no valid HTTP")
                || m.contains("upstream sent unexpected")
                || m.contains("upstream sent unknown")) {
            return FailureClass.INVALID_RESPONSE;
        }
        boolean connecting = phase.startsWith("connecting");
        if (m.contains("timed out")) {
            if (connecting) {
                return FailureClass.CONNECT_TIMEOUT;
            }
            return phase.startsWith("reading upstream") ? null : FailureClass.READ_TIMEOUT;
        }
        if (errno == 111) {
            return FailureClass.CONNECT_REFUSED;
        }
        if (errno == 113 || errno == 101 || errno == 112 || errno == 65) {
            return FailureClass.CONNECT_UNREACHABLE;
        }
        if (errno == 11 && connecting) {
            return FailureClass.BACKLOG_FULL;
        }
        if (m.contains("prematurely closed") || errno == 104 || errno == 32) {
            if (phase.startsWith("reading upstream")) {
                return null; // the header already went out: the client got its status
            }
            // A WebSocket handshake the upstream dropped (the request line says which).
            return RequestClassifier.websocketUri(requestTarget(e.request()))
                    ? FailureClass.WS_UPGRADE_FAILED
                    : FailureClass.CLOSED_FAST;
        }
        if (!e.upstream().isEmpty() && !"info".equals(e.level()) && !"notice".equals(e.level())) {
            return FailureClass.UNCLASSIFIED;
        }
        return null;
    }

    /** {@code GET /x?y HTTP/1.1} -> {@code /x?y}. */
    public static String requestTarget(String request) {
        int a = request.indexOf(' ');
        int b = request.lastIndexOf(' ');
        return a < 0 ? request : request.substring(a + 1, b > a ? b : request.length());
    }

    /** The error text people recognise: message and phase, without per-request context. */
    public static String evidenceText(ErrorEvent e) {
        return e.phase().isEmpty() ? e.message() : e.message() + " while " + e.phase();
    }
}
