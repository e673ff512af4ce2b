package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.HealthEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LogLineParserTest {

    private final LogLineParser parser =
            new LogLineParser(ParseContext.defaults().withDefaultYear(2026));

    private LogEvent parse(String line) {
        return parser.parse(line, "test.log");
    }

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void combinedLineIsAnAccessEventWithoutTries() {
        AccessEvent e =
                (AccessEvent)
                        parse(
                                "203.0.113.7 - - [14/Mar/2026:09:10:00 +0100] \"GET /api/v1/orders?id=7 HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\"");
        assertThat(e.timeMillis()).isEqualTo(t("2026-03-14T08:10:00Z"));
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.uri()).isEqualTo("/api/v1/orders?id=7");
        assertThat(e.client()).isEqualTo("203.0.113.7");
        assertThat(e.tries()).isEmpty();
        assertThat(e.gateway()).isEqualTo(GatewayKind.NGINX);
    }

    @Test
    void upstreamTimingTailWithKeysGivesOneTryPerPeerIncludingRetries() {
        AccessEvent e =
                (AccessEvent)
                        parse(
                                "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"POST /pay HTTP/1.1\" 200 12 \"-\" \"ua\" rt=0.052 uct=\"-, 0.001\" uht=\"-, 0.040\" urt=\"0.000, 0.041\" ua=\"10.0.1.12:8080, 10.0.1.13:8080\" us=\"502, 200\" host=\"pay.example.com\" cn=4711");
        assertThat(e.tries()).hasSize(2);
        assertThat(e.tries().get(0).address()).isEqualTo("10.0.1.12:8080");
        assertThat(e.tries().get(0).status()).isEqualTo(502);
        assertThat(e.tries().get(0).connectTime()).isNaN();
        assertThat(e.tries().get(1).status()).isEqualTo(200);
        assertThat(e.tries().get(1).headerTime()).isEqualTo(0.040);
        assertThat(e.requestTime()).isEqualTo(0.052);
        assertThat(e.host()).isEqualTo("pay.example.com");
        assertThat(e.service()).isEqualTo("pay.example.com");
        assertThat(e.connection()).isEqualTo(4711);
    }

    @Test
    void bareUpstreamTailIsReadByShape() {
        AccessEvent e =
                (AccessEvent)
                        parse(
                                "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET / HTTP/1.1\" 502 150 \"-\" \"ua\" \"-\" 0.001 10.0.3.11:8080 502 0.001");
        assertThat(e.requestTime()).isEqualTo(0.001);
        assertThat(e.lastTry().address()).isEqualTo("10.0.3.11:8080");
        assertThat(e.lastTry().status()).isEqualTo(502);
        assertThat(e.lastTry().responseTime()).isEqualTo(0.001);
    }

    @Test
    void anIsoTimeInTheBracketsOfTheCommonPrefixIsReadAsTimeIso8601() {
        String[] lines = {
            "10.1.2.3 - - [2026-03-14T10:10:00+01:00] \"GET /a HTTP/1.1\" 502 150 \"-\" \"ua\" 0.001 0.000 10.0.3.11:8080 502",
            "10.1.2.3 - - [2026-03-14T10:10:01+01:00] \"GET /a HTTP/1.1\" 200 150 \"-\" \"ua\" 0.011 0.010 10.0.3.11:8080 200"
        };
        for (int i = 0; i < 3; i++) { // the second pass and later use the learned format
            AccessEvent e = (AccessEvent) parse(lines[i % 2]);
            assertThat(e.timeMillis()).isEqualTo(t("2026-03-14T09:10:0" + (i % 2) + "Z"));
            assertThat(e.lastTry().address()).isEqualTo("10.0.3.11:8080");
            assertThat(e.status()).isEqualTo(i % 2 == 0 ? 502 : 200);
        }
    }

    @Test
    void ingressNginxDefaultFormatNamesTheUpstreamGroup() {
        AccessEvent e =
                (AccessEvent)
                        parse(
                                "192.168.1.5 - - [14/Mar/2026:09:10:00 +0000] \"GET /cart HTTP/2.0\" 502 150 \"-\" \"Mozilla/5.0\" 38 0.002 [shop-cart-8080] [] 10.244.1.17:8080, 10.244.2.9:8080 0, 0 0.001, 0.001 502, 502 6f1c0e4d2b");
        assertThat(e.service()).isEqualTo("shop-cart-8080");
        assertThat(e.tries())
                .extracting(x -> x.address())
                .containsExactly("10.244.1.17:8080", "10.244.2.9:8080");
        assertThat(e.tries()).extracting(x -> x.status()).containsExactly(502, 502);
    }

    @Test
    void customLogFormatIsCompiledFromTheDirective() {
        LogLineParser custom =
                new LogLineParser(
                        ParseContext.defaults()
                                .withNginxLogFormat(
                                        "log_format upstreamlog '[$time_iso8601] $connection $host \"$request\" $status '\n  'up=$upstream_addr st=$upstream_status t=$upstream_response_time ws=$http_upgrade';"));
        AccessEvent e =
                (AccessEvent)
                        custom.parse(
                                "[2026-03-14T09:10:00+00:00] 991 chat.example.com \"GET /socket HTTP/1.1\" 502 up=10.0.5.1:9000 st=502 t=0.000 ws=websocket",
                                "x");
        assertThat(e.connection()).isEqualTo(991);
        assertThat(e.upgrade()).isTrue();
        assertThat(e.host()).isEqualTo("chat.example.com");
        assertThat(e.lastTry().address()).isEqualTo("10.0.5.1:9000");
    }

    @Test
    void valuesOutsideTheGrammarOfTheirVariableAreFoundBySearchingTheNextLiteral() {
        LogLineParser custom =
                new LogLineParser(
                        ParseContext.defaults()
                                .withNginxLogFormat(
                                        "$remote_addr $host [$time_local] \"$request\" $status"
                                                + " rt=$request_time ua=\"$upstream_addr\""
                                                + " us=\"$upstream_status\""
                                                + " urt=\"$upstream_response_time\""));
        String time = " [14/Mar/2026:09:10:00 +0000] \"GET / HTTP/1.1\" ";
        AccessEvent usual =
                (AccessEvent)
                        custom.parse(
                                "10.1.2.3 shop.example.com:8443"
                                        + time
                                        + "502 rt=0.101 ua=\"10.0.0.1:80, 10.0.0.2:80\""
                                        + " us=\"502, 502\" urt=\"0.050, 0.051\"",
                                "x");
        assertThat(usual.client()).isEqualTo("10.1.2.3");
        assertThat(usual.host()).isEqualTo("shop.example.com");
        assertThat(usual.requestTime()).isEqualTo(0.101);
        assertThat(usual.tries())
                .extracting(UpstreamTry::address)
                .containsExactly("10.0.0.1:80", "10.0.0.2:80");
        assertThat(usual.tries())
                .extracting(UpstreamTry::responseTime)
                .containsExactly(0.050, 0.051);
        // A unix-socket client, a host with a character no host name has, a unix-socket peer.
        AccessEvent odd =
                (AccessEvent)
                        custom.parse(
                                "unix: h~st.example.com"
                                        + time
                                        + "502 rt=0.2 ua=\"unix:/run/app.sock\" us=\"502\""
                                        + " urt=\"0.001\"",
                                "x");
        assertThat(odd.client()).isEqualTo("unix:");
        assertThat(odd.host()).isEqualTo("h~st.example.com");
        assertThat(odd.lastTry().address()).isEqualTo("unix:/run/app.sock");
        assertThat(odd.lastTry().responseTime()).isEqualTo(0.001);
    }

    @Test
    void jsonAccessLineUsesVariableNamesAsKeys() {
        AccessEvent e =
                (AccessEvent)
                        parse(
                                "{\"time_iso8601\":\"2026-03-14T09:10:00+00:00\",\"remote_addr\":\"10.9.9.9\",\"request\":\"GET /x HTTP/1.1\",\"status\":\"502\",\"request_time\":\"0.003\",\"upstream_addr\":\"10.0.0.5:80\",\"upstream_status\":\"502\",\"upstream_connect_time\":\"-\",\"upstream_response_time\":\"0.002\",\"host\":\"api.example.com\"}");
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.host()).isEqualTo("api.example.com");
        assertThat(e.lastTry().connectTime()).isNaN();
    }

    @Test
    void errorLineSplitsMessageErrnoPhaseAndContext() {
        ErrorEvent e =
                (ErrorEvent)
                        parse(
                                "2026/03/14 09:10:00 [error] 1234#1234: *5678 connect() failed (111: Connection refused) while connecting to upstream, client: 10.1.2.3, server: api.example.com, request: \"GET /v1/x HTTP/1.1\", upstream: \"http://10.0.3.11:8080/v1/x\", host: \"api.example.com\"");
        assertThat(e.timeMillis()).isEqualTo(t("2026-03-14T09:10:00Z"));
        assertThat(e.level()).isEqualTo("error");
        assertThat(e.connection()).isEqualTo(5678);
        assertThat(e.errno()).isEqualTo(111);
        assertThat(e.message()).isEqualTo("connect() failed (111: Connection refused)");
        assertThat(e.phase()).isEqualTo("connecting to upstream");
        assertThat(e.upstreamPeer()).isEqualTo("10.0.3.11:8080");
        assertThat(e.request()).isEqualTo("GET /v1/x HTTP/1.1");
        assertThat(e.host()).isEqualTo("api.example.com");
    }

    @Test
    void zonelessErrorTimeTakesTheConfiguredZone() {
        LogLineParser berlin =
                new LogLineParser(ParseContext.defaults().withZone(ZoneId.of("Europe/Berlin")));
        ErrorEvent e =
                (ErrorEvent)
                        berlin.parse(
                                "2026/03/14 09:10:00 [error] 1#1: *1 no live upstreams while connecting to upstream, client: 1.2.3.4, server: a, request: \"GET / HTTP/1.1\", upstream: \"http://backend/\", host: \"a\"",
                                "e");
        assertThat(e.timeMillis()).isEqualTo(t("2026-03-14T08:10:00Z"));
        assertThat(e.upstreamPeer()).isEqualTo("backend");
    }

    @Test
    void resolverErrorWithoutConnectionParses() {
        ErrorEvent e =
                (ErrorEvent)
                        parse(
                                "2026/03/14 09:10:00 [error] 7#7: *12 billing.internal could not be resolved (3: Host not found), client: 10.0.0.1, server: _, request: \"GET / HTTP/1.1\", host: \"x\"");
        assertThat(e.errno()).isEqualTo(3);
        assertThat(e.message()).contains("could not be resolved");
    }

    @Test
    void albLineGivesTargetGroupTargetAndErrorReason() {
        String line =
                "https 2026-03-14T09:10:00.123456Z app/prod-alb/50dc6c495c0c9188 198.51.100.7:51234 10.0.12.5:8443 -1 -1 -1 502 - 734 257 \"GET https://api.example.com:443/v1/ping HTTP/1.1\" \"curl/8.5.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-tg/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"api.example.com\" \"arn:aws:acm:us-east-1:123456789012:certificate/x\" 0 2026-03-14T09:10:00.120000Z \"forward\" \"-\" \"-\" \"10.0.12.5:8443\" \"-\" \"-\" \"-\" TID_1234 \"-\"";
        AccessEvent e = (AccessEvent) parse(line);
        assertThat(e.gateway()).isEqualTo(GatewayKind.ALB);
        assertThat(e.service()).isEqualTo("api-tg");
        assertThat(e.host()).isEqualTo("api.example.com");
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.lastTry().status()).isEqualTo(-1);
        // -1 times: the duration is the line's time less its request_creation_time.
        assertThat(e.requestTime()).isEqualTo(0.003);
        assertThat(e.timeMillis()).isEqualTo(t("2026-03-14T09:10:00.123Z"));
        AccessEvent noCreationTime =
                (AccessEvent) parse(line.replace("2026-03-14T09:10:00.120000Z", "-"));
        assertThat(noCreationTime.requestTime()).isNaN();
    }

    @Test
    void classicElbLineParses() {
        AccessEvent e =
                (AccessEvent)
                        parse(
                                "2026-03-14T09:10:00.000000Z my-elb 192.0.2.1:40000 10.0.0.9:80 0.000043 -1 -1 504 0 0 0 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl\" - -");
        assertThat(e.gateway()).isEqualTo(GatewayKind.ELB);
        assertThat(e.status()).isEqualTo(504);
        assertThat(e.service()).isEqualTo("my-elb");
        assertThat(e.lastTry().responseTime()).isNaN();
    }

    @Test
    void haproxyHttpLogBehindSyslogPrefix() {
        AccessEvent e =
                (AccessEvent)
                        parse(
                                "Mar 14 09:10:01 lb1 haproxy[2211]: 10.0.0.1:51234 [14/Mar/2026:09:10:01.120] fe_http be_api/api2 0/0/-1/-1/3 503 217 - - SC-- 10/10/0/0/3 0/0 \"GET /v1/items HTTP/1.1\"");
        assertThat(e.gateway()).isEqualTo(GatewayKind.HAPROXY);
        assertThat(e.service()).isEqualTo("be_api");
        assertThat(e.detail().terminationPhase()).isEqualTo("SC");
        assertThat(e.lastTry().address()).isEqualTo("api2");
        assertThat(e.lastTry().connectTime()).isNaN();
        assertThat(e.timeMillis()).isEqualTo(t("2026-03-14T09:10:01.123Z"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "timers {0}, counts {1}, queues {2}: {3}")
    @org.junit.jupiter.params.provider.CsvSource({
        "+0/0/1/20/+25, 10/10/3/1/0, 0/0, accepted",
        "0/0/-1/-1/3, 10/10/0/0/3, 2/7, accepted",
        "0/0/1/x/3, 10/10/3/1/0, 0/0, bad-field:timers",
        "0/0/1/2, 10/10/3/1/0, 0/0, bad-field:timers",
        "0/0/1/2/3/4, 10/10/3/1/0, 0/0, bad-field:timers",
        "0/0/1/2/3/, 10/10/3/1/0, 0/0, bad-field:timers",
        "0/0/-2/2/3, 10/10/3/1/0, 0/0, bad-field:timers",
        "0/0/-1x/2/3, 10/10/3/1/0, 0/0, bad-field:timers",
        "0/0/1/2/99999999999, 10/10/3/1/0, 0/0, bad-field:timers",
        "0/0/1/2/3, 10//3/1/0, 0/0, bad-field:connections",
        "0/0/1/2/3, 10/10/3/1/0, 0, bad-field:queues",
    })
    void haproxySlashSeparatedFieldsAreReadExactly(
            String timers, String conns, String queues, String expected) {
        LogEvent e =
                parse(
                        "Mar 14 09:10:01 lb1 haproxy[2211]: 10.0.0.1:51234 [14/Mar/2026:09:10:01.120] fe_http be_api/api2 "
                                + timers
                                + " 200 217 - - ---- "
                                + conns
                                + " "
                                + queues
                                + " \"GET /v1/items HTTP/1.1\"");
        if (expected.equals("accepted")) {
            assertThat(e).isInstanceOf(AccessEvent.class);
            String[] t = timers.replace("+", "").split("/");
            AccessEvent a = (AccessEvent) e;
            assertThat(a.timeMillis())
                    .isEqualTo(t("2026-03-14T09:10:01.120Z") + Math.max(0, Long.parseLong(t[4])));
            assertThat(a.detail().serverQueue()).isEqualTo(Integer.parseInt(queues.split("/")[0]));
            assertThat(a.detail().backendQueue()).isEqualTo(Integer.parseInt(queues.split("/")[1]));
        } else {
            assertThat(e).isInstanceOf(Rejection.class);
            assertThat(((Rejection) e).reason()).isEqualTo(expected);
        }
    }

    @Test
    void haproxyHealthEvents() {
        HealthEvent down =
                (HealthEvent)
                        parse(
                                "Mar 14 09:10:00 lb1 haproxy[2211]: Server be_api/api2 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 1 active and 0 backup servers left.");
        assertThat(down.state()).isEqualTo(HealthEvent.HealthState.DOWN);
        assertThat(down.server()).isEqualTo("api2");
        assertThat(down.reason()).contains("Connection refused");
        HealthEvent none =
                (HealthEvent)
                        parse(
                                "Mar 14 09:10:05 lb1 haproxy[2211]: backend be_api has no server available!");
        assertThat(none.state()).isEqualTo(HealthEvent.HealthState.NO_SERVER_AVAILABLE);
        assertThat(none.backend()).isEqualTo("be_api");
    }

    @Test
    void aServerWhoseNameNoLongerResolvesGoesDownButMaintenanceAnOperatorAskedForDoesNot() {
        HealthEvent dns =
                (HealthEvent)
                        parse(
                                "Mar 14 09:10:00 lb1 haproxy[2211]: Server be_api/api1 is going DOWN for maintenance (DNS NX status). 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.");
        assertThat(dns.state()).isEqualTo(HealthEvent.HealthState.DOWN);
        assertThat(dns.server()).isEqualTo("api1");
        assertThat(dns.reason()).isEqualTo("DNS NX status");
        assertThat(
                        parse(
                                "Mar 14 09:10:00 lb1 haproxy[2211]: Server be_api/api1 is going DOWN for maintenance. 2 active and 0 backup servers left."))
                .isInstanceOf(IgnoredLine.class);
    }

    @Test
    void envelopesAreUnwrappedAndKeepTheLinesOwnTime() {
        String inner =
                "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \\\"GET / HTTP/1.1\\\" 502 1 \\\"-\\\" \\\"ua\\\"";
        AccessEvent filebeat =
                (AccessEvent)
                        parse(
                                "{\"@timestamp\":\"2026-03-14T09:12:00.000Z\",\"message\":\""
                                        + inner
                                        + "\",\"log\":{\"file\":{\"path\":\"/var/log/nginx/access.log\"}},\"host\":{\"name\":\"edge-1\",\"os\":{\"name\":\"Ubuntu\"}}}");
        assertThat(filebeat.timeMillis()).isEqualTo(t("2026-03-14T09:10:00Z"));
        // The shipper's host keeps apart the same path on several hosts (host.os.name is not it).
        assertThat(filebeat.source()).isEqualTo("edge-1:/var/log/nginx/access.log");
        AccessEvent vector =
                (AccessEvent)
                        parse(
                                "{\"file\":\"/var/log/nginx/a.log\",\"host\":\"edge-2\",\"message\":\""
                                        + inner
                                        + "\",\"source_type\":\"file\",\"timestamp\":\"2026-03-14T09:12:00Z\"}");
        assertThat(vector.source()).isEqualTo("edge-2:/var/log/nginx/a.log");
        AccessEvent fluent =
                (AccessEvent)
                        parse(
                                "{\"date\":1773479520.0,\"log\":\""
                                        + inner
                                        + "\\n\",\"stream\":\"stdout\"}");
        assertThat(fluent.status()).isEqualTo(502);
        assertThat(fluent.source()).isEqualTo("test.log");
    }

    @Test
    void controllerMessagesAreIgnoredNotRejected() {
        assertThat(
                        parse(
                                "I0314 09:10:00.123456       7 controller.go:190] \"Configuration changes detected, backend reload required\""))
                .isInstanceOf(IgnoredLine.class);
    }

    @Test
    void rejectionsCarryTheirReason() {
        assertThat(((Rejection) parse("hello world")).reason()).isEqualTo(Rejection.UNKNOWN_FORMAT);
        assertThat(
                        ((Rejection) parse("10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET / HTT"))
                                .reason())
                .isEqualTo(Rejection.TRUNCATED);
        assertThat(
                        ((Rejection)
                                        parse(
                                                "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET / HTTP/1.1\" abc 1 \"-\" \"ua\""))
                                .reason())
                .isEqualTo("bad-field:status");
        assertThat(
                        ((Rejection)
                                        parse(
                                                "10.1.2.3 - - [99/Xyz/2026:09:10:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\""))
                                .reason())
                .isEqualTo("bad-field:time_local");
        assertThat(((Rejection) parse("x".repeat(70_000))).reason()).isEqualTo(Rejection.TOO_LONG);
        assertThat(((Rejection) parse("bad \uFFFD bytes")).reason()).isEqualTo(Rejection.NOT_UTF8);
        assertThat(((Rejection) parse("{\"message\": \"trunc")).reason())
                .isEqualTo(Rejection.TRUNCATED);
    }

    @Test
    void timestampsHandleOffsetsAndFractions() {
        String s = "2026-03-14T09:10:00.5-05:00";
        assertThat(Timestamps.parseIso(s, 0, s.length(), ZoneOffset.UTC))
                .isEqualTo(t("2026-03-14T14:10:00.500Z"));
    }
}
