package io.gatescope.analyzer.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestClassifierTest {

    private final LogLineParser parser = new LogLineParser(ParseContext.defaults());

    /** An nginx access line with the upstream tail nginx users commonly log. */
    private AccessEvent nginx(int status, String uct, String uht, String urt, String ua) {
        String line =
                "203.0.113.9 - - [14/Mar/2026:09:10:00 +0000] \"POST /pay HTTP/1.1\" "
                        + status
                        + " 157 \"-\" \"curl/8.5.0\" rt=3.010 uct=\""
                        + uct
                        + "\" uht=\""
                        + uht
                        + "\" urt=\""
                        + urt
                        + "\" ua=\""
                        + ua
                        + "\" us=\""
                        + status
                        + "\" host=pay.example.net cn=77";
        return (AccessEvent) parser.parse(line, "access.log");
    }

    @ParameterizedTest(name = "{0} with connect {1}, header {2}, upstream time {3}: {5}")
    @CsvSource({
        "502, -, -, 0.000, 10.0.5.3:80, CONNECT_FAILED",
        "502, -, -, 0.004, 10.0.5.3:80, CONNECT_FAILED",
        "502, -, -, 3.003, 10.0.5.3:80, CONNECT_UNREACHABLE",
        "504, -, -, 60.001, 10.0.5.3:80, CONNECT_TIMEOUT",
        "502, 0.001, -, 0.002, 10.0.5.3:80, CLOSED_FAST",
        "502, 0.001, -, 45.2, 10.0.5.3:80, CLOSED_SLOW",
        "504, 0.001, -, 60.0, 10.0.5.3:80, READ_TIMEOUT",
        "502, 0.001, 0.020, 0.021, 10.0.5.3:80, UPSTREAM_ANSWERED_ERROR",
        "502, -, -, -, backend_pool, NO_LIVE_UPSTREAMS",
        "502, -, -, -, -, DNS",
    })
    void nginxTimingFingerprintsNameTheFailureWhenNoErrorLineExplainsIt(
            int status, String uct, String uht, String urt, String ua, FailureClass expected) {
        AccessEvent a = nginx(status, uct, uht, urt, ua);
        assertThat(RequestClassifier.isGatewayError(a)).isTrue();
        assertThat(RequestClassifier.classify(a, null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "an error line saying {0} wins over the timings")
    @CsvSource({"CONNECT_REFUSED", "TLS_HANDSHAKE", "HEADER_TOO_BIG"})
    void anExplainingErrorLineTakesPrecedence(FailureClass fromErrorLine) {
        AccessEvent a = nginx(502, "-", "-", "3.003", "10.0.5.3:80");
        assertThat(RequestClassifier.classify(a, fromErrorLine)).isEqualTo(fromErrorLine);
    }

    @org.junit.jupiter.api.Test
    void theGroupNameNginxLogsWhenNoPeerIsLeftIsNoFailedPeer() {
        assertThat(RequestClassifier.failedPeers(nginx(502, "-", "-", "-", "backend_pool"), true))
                .isEmpty();
        assertThat(
                        RequestClassifier.failedPeers(
                                nginx(502, "-", "-", "0.000", "10.0.5.3:80"), true))
                .containsExactly("10.0.5.3:80");
        assertThat(
                        RequestClassifier.failedPeers(
                                nginx(502, "-", "-", "0.000", "unix:/run/php/fpm.sock"), true))
                .containsExactly("unix:/run/php/fpm.sock");
    }

    /** An ALB line answered at 09:11:00.000 for a request received `took` seconds earlier. */
    private AccessEvent alb(int status, String targetTime, String created) {
        String line =
                "https 2026-03-14T09:11:00.000000Z app/prod/50dc6c495c0c9188 198.51.100.7:40000"
                        + " 10.0.12.5:8080 0.000 "
                        + targetTime
                        + " -1 "
                        + status
                        + " - 734 257 \"GET https://api.example.com:443/v1 HTTP/1.1\" \"curl/8.5.0\""
                        + " ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2"
                        + " arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-tg/73e2d6bc24d8a067"
                        + " \"Root=1-6000-0001\" \"api.example.com\" \"-\" 0 "
                        + created
                        + " \"forward\" \"-\" \"-\" \"10.0.12.5:8080\" \"-\" \"-\" \"-\"";
        return (AccessEvent) parser.parse(line, "alb.log");
    }

    @ParameterizedTest(name = "ALB {0} after {2}: {3}")
    @CsvSource({
        "504, -1, 2026-03-14T09:10:50.000000Z, CONNECT_TIMEOUT",
        "504, -1, 2026-03-14T09:10:00.000000Z, READ_TIMEOUT",
        "504, -1, -, CONNECT_TIMEOUT",
        "502, -1, 2026-03-14T09:10:59.998000Z, TARGET_CLOSED",
        "502, -1, 2026-03-14T09:10:30.000000Z, CLOSED_SLOW",
        "502, -1, -, TARGET_CLOSED",
    })
    void anAlbLineTellsAConnectTimeoutFromAnIdleTimeoutByItsDuration(
            int status, String targetTime, String created, FailureClass expected) {
        AccessEvent a = alb(status, targetTime, created);
        assertThat(RequestClassifier.classify(a, null)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aClassicElb504IsItsIdleTimeoutNotAConnectTimeout() {
        AccessEvent a =
                (AccessEvent)
                        parser.parse(
                                "2026-03-14T09:10:00.000000Z my-elb 192.0.2.1:40000 10.0.0.9:80 0.000043 -1 -1 504 0 0 0 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl\" - -",
                                "elb.log");
        assertThat(RequestClassifier.classify(a, null)).isEqualTo(FailureClass.READ_TIMEOUT);
    }

    @Test
    void handshakeUrisAreKnownWithoutTheUpgradeHeader() {
        assertThat(RequestClassifier.websocketUri("/socket.io/?EIO=4&transport=websocket"))
                .isTrue();
        assertThat(RequestClassifier.websocketUri("/sockjs/123/abcd/websocket")).isTrue();
        assertThat(RequestClassifier.websocketUri("/socket.io/?EIO=4&transport=polling")).isFalse();
        assertThat(RequestClassifier.websocketUri("/api/websocket-docs")).isFalse();
        assertThat(RequestClassifier.websocketUri("")).isFalse();
    }
}
