package io.gatescope.analyzer.classify;

import io.gatescope.analyzer.model.FailureClass;
import java.util.Locale;

/**
 * The failure a Go proxy's error names (Traefik, Caddy: the text of Go's net and net/http errors,
 * shared/UPSTREAM-EVIDENCE.md 3.2 and 3.3): {@code connect: connection refused}, {@code i/o
 * timeout} while dialing or reading, {@code lookup ...: no such host}, {@code x509: ...}, a reset
 * or EOF on a reused connection. A client that went away ({@code context canceled}) is none.
 */
final class GoNetErrors {

    private GoNetErrors() {}

    static FailureClass classify(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        boolean dial = m.contains("dial tcp") || m.contains("dial unix");
        if (m.contains("context canceled")) {
            return null;
        }
        if (m.contains("no upstreams available") || m.contains("no available server")) {
            return FailureClass.NO_LIVE_UPSTREAMS;
        }
        if (m.contains("lookup ")
                && (m.contains("no such host")
                        || m.contains("server misbehaving")
                        || m.contains("temporary failure in name resolution")
                        || m.contains("i/o timeout"))) {
            return FailureClass.DNS;
        }
        if (m.contains("x509:") || m.contains("certificate")) {
            return FailureClass.TLS_CERTIFICATE;
        }
        if (m.contains("tls:") || m.contains("remote error: tls") || m.contains("tls handshake")) {
            return FailureClass.TLS_HANDSHAKE;
        }
        if (m.contains("too many open files") || m.contains("cannot assign requested address")) {
            return FailureClass.PROXY_LIMIT;
        }
        if (m.contains("connection refused")) {
            return FailureClass.CONNECT_REFUSED;
        }
        if (m.contains("no route to host")
                || m.contains("network is unreachable")
                || m.contains("host is unreachable")) {
            return FailureClass.CONNECT_UNREACHABLE;
        }
        if (dial && (m.contains("timeout") || m.contains("deadline exceeded"))) {
            return FailureClass.CONNECT_TIMEOUT;
        }
        if (m.contains("timeout awaiting response headers")
                || m.contains("i/o timeout")
                || m.contains("deadline exceeded")) {
            return FailureClass.READ_TIMEOUT;
        }
        if (m.contains("header") && (m.contains("exceeded") || m.contains("too large"))) {
            return FailureClass.HEADER_TOO_BIG;
        }
        if (m.contains("malformed http")
                || m.contains("malformed mime")
                || m.contains("invalid header")
                || m.contains("bad status line")) {
            return FailureClass.INVALID_RESPONSE;
        }
        if (m.contains("connection reset by peer")
                || m.contains("broken pipe")
                || m.equals("eof")
                || m.endsWith(": eof")
                || m.contains("unexpected eof")
                || m.contains("server closed idle connection")) {
            return FailureClass.CLOSED_FAST;
        }
        return dial ? FailureClass.CONNECT_FAILED : FailureClass.UNCLASSIFIED;
    }
}
