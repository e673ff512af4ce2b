package io.gatescope.analyzer.causes;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.classify.ErrorLineClassifier;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every nginx message of shared/EVIDENCE.md, as nginx writes it, gets its signature. */
class ErrorLineClassifierTest {

    private static final LogLineParser PARSER = new LogLineParser(ParseContext.defaults());
    private static final String CTX =
            ", client: 10.1.2.3, server: api, request: \"GET /x HTTP/1.1\", upstream: \"http://10.0.0.5:8080/x\", host: \"api\"";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "connect() failed (111: Connection refused) while connecting to upstream|CONNECT_REFUSED",
                "connect() to unix:/run/php/php-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream|BACKLOG_FULL",
                "connect() failed (113: No route to host) while connecting to upstream|CONNECT_UNREACHABLE",
                "connect() failed (101: Network is unreachable) while connecting to upstream|CONNECT_UNREACHABLE",
                "upstream timed out (110: Connection timed out) while connecting to upstream|CONNECT_TIMEOUT",
                "connect() to 10.0.0.5:8080 failed (99: Cannot assign requested address) while connecting to upstream|PROXY_LIMIT",
                "connect() to 10.0.0.5:8080 failed (13: Permission denied) while connecting to upstream|PROXY_LIMIT",
                "socket() failed (24: Too many open files) while connecting to upstream|PROXY_LIMIT",
                "no live upstreams while connecting to upstream|NO_LIVE_UPSTREAMS",
                "upstream server temporarily disabled while connecting to upstream|PEER_MARKED_DOWN",
                "upstream prematurely closed connection while reading response header from upstream|CLOSED_FAST",
                "recv() failed (104: Connection reset by peer) while reading response header from upstream|CLOSED_FAST",
                "upstream sent too big header while reading response header from upstream|HEADER_TOO_BIG",
                "upstream sent invalid header while reading response header from upstream|INVALID_RESPONSE",
                "upstream sent invalid chunked response while reading upstream|INVALID_RESPONSE",
                "upstream sent duplicate header line: \"Content-Length: 5\" while reading response header from upstream|INVALID_RESPONSE",
                "upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream|TLS_CERTIFICATE",
                "upstream SSL certificate does not match \"api.internal\" while SSL handshaking to upstream|TLS_CERTIFICATE",
                "SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream|TLS_HANDSHAKE",
                "SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream|TLS_HANDSHAKE",
                "peer closed connection in SSL handshake while SSL handshaking to upstream|TLS_HANDSHAKE",
                "billing.internal could not be resolved (3: Host not found)|DNS",
                "billing.internal could not be resolved (2: Server failure)|DNS",
                "recv() failed (111: Connection refused) while resolving, resolver: 10.0.0.2:53|DNS",
                "no resolver defined to resolve billing.internal|DNS",
                "upstream timed out (110: Connection timed out) while proxying upgraded connection|WS_IDLE_TIMEOUT",
                "upstream timed out (110: Connection timed out) while reading response header from upstream|READ_TIMEOUT",
            })
    void nginxMessagesMapToTheirSignature(String message, FailureClass expected) {
        ErrorEvent e =
                (ErrorEvent)
                        PARSER.parse("2026/03/14 09:10:00 [error] 1#1: *7 " + message + CTX, "e");
        assertThat(ErrorLineClassifier.classify(e)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "client closed connection while waiting for request",
                "upstream prematurely closed connection while reading upstream",
            })
    void clientAndBodyPhaseMessagesAreNotGatewayFailures(String message) {
        ErrorEvent e =
                (ErrorEvent)
                        PARSER.parse(
                                "2026/03/14 09:10:00 [info] 1#1: *7 "
                                        + message
                                        + ", client: 10.1.2.3, server: api",
                                "e");
        assertThat(ErrorLineClassifier.classify(e)).isNull();
    }

    @Test
    void aWebSocketHandshakeTheUpstreamDroppedIsAWebSocketFailure() {
        ErrorEvent e =
                (ErrorEvent)
                        PARSER.parse(
                                "2026/03/14 09:10:00 [error] 1#1: *7 upstream prematurely closed"
                                        + " connection while reading response header from upstream,"
                                        + " client: 10.1.2.3, server: chat, request: \"GET"
                                        + " /socket.io/?EIO=4&transport=websocket HTTP/1.1\","
                                        + " upstream: \"http://10.0.7.11:3000/socket.io/\", host:"
                                        + " \"chat\"",
                                "e");
        assertThat(ErrorLineClassifier.classify(e)).isEqualTo(FailureClass.WS_UPGRADE_FAILED);
    }
}
