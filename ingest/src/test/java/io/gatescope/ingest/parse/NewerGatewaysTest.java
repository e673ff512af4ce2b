package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Envoy (and Istio), Traefik and Caddy lines as those gateways write them (their documentation's
 * and source's formats, shared/UPSTREAM-EVIDENCE.md section 3): each recognised without
 * configuration, with its time, service, peer and the detail that says why it failed.
 */
class NewerGatewaysTest {

    static final LogLineParser PARSER = new LogLineParser(ParseContext.defaults());

    static AccessEvent access(String line) {
        LogEvent e = PARSER.parse(line, "/var/log/gw/access.log");
        assertThat(e).as(line).isInstanceOf(AccessEvent.class);
        return (AccessEvent) e;
    }

    static ErrorEvent error(String line) {
        LogEvent e = PARSER.parse(line, "/var/log/gw/gw.log");
        assertThat(e).as(line).isInstanceOf(ErrorEvent.class);
        return (ErrorEvent) e;
    }

    @Test
    void envoysDefaultFormat() {
        AccessEvent a =
                access(
                        "[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 204 - 154 0 226 100 \"10.0.35.28\" \"nsq2http\" \"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" \"tcp://10.0.2.1:80\"");
        assertThat(a.gateway()).isEqualTo(GatewayKind.ENVOY);
        assertThat(a.status()).isEqualTo(204);
        assertThat(a.service()).isEqualTo("locations");
        assertThat(a.client()).isEqualTo("10.0.35.28");
        assertThat(a.lastTry().address()).isEqualTo("10.0.2.1:80");
        assertThat(a.lastTry().status()).isEqualTo(204);
        assertThat(a.requestTime()).isEqualTo(0.226);
        assertThat(Instant.ofEpochMilli(a.timeMillis()))
                .isEqualTo(Instant.parse("2016-04-15T20:17:00.536Z"));
    }

    @Test
    void istiosFormatWithDetailsClusterAndAddresses() {
        AccessEvent ok =
                access(
                        "[2020-11-25T21:26:18.409Z] \"GET /status/418 HTTP/1.1\" 418 - via_upstream - \"-\" 0 135 4 4 \"-\" \"curl/7.73.0-DEV\" \"84961386-6d84-929d-98bd-c5aee93b5c88\" \"httpbin:8000\" \"10.44.1.27:80\" outbound|8000||httpbin.foo.svc.cluster.local 10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 - default");
        assertThat(ok.service()).isEqualTo("outbound|8000||httpbin.foo.svc.cluster.local");
        assertThat(ok.client()).isEqualTo("10.44.1.23");
        assertThat(ok.detail().errorName()).isEqualTo("via_upstream");
        AccessEvent uf =
                access(
                        "[2024-03-14T09:10:00.000Z] \"GET /api HTTP/1.1\" 503 UF upstream_reset_before_response_started{connection_failure,delayed_connect_error:_111} - \"delayed_connect_error:_111\" 0 91 2 - \"-\" \"curl/8.5.0\" \"7f5b\" \"web:8080\" \"10.244.1.17:8080\" outbound|8080||web.shop.svc.cluster.local - 10.96.0.12:8080 10.244.2.5:51234 - default");
        assertThat(uf.detail().terminationState()).isEqualTo("UF");
        assertThat(uf.detail().errorName()).contains("connection_failure").contains("111");
        assertThat(uf.lastTry().status()).isEqualTo(-1);
        AccessEvent uh =
                access(
                        "[2024-03-14T09:10:00.000Z] \"GET / HTTP/1.1\" 503 UH no_healthy_upstream - \"-\" 0 19 0 - \"-\" \"curl\" \"id\" \"web:8080\" \"-\" outbound|8080||web.shop.svc.cluster.local - 10.96.0.12:8080 10.244.2.5:51234 - default");
        assertThat(uh.tries()).isEmpty();
        assertThat(uh.detail().terminationState()).isEqualTo("UH");
    }

    @Test
    void olderIstiosQuotedMixerStatusAndCombinedFlags() {
        AccessEvent a =
                access(
                        "[2020-04-01T10:00:00.000Z] \"GET /productpage HTTP/1.1\" 503 UF,URX \"-\" \"-\" 0 91 30 - \"-\" \"Mozilla/5.0\" \"d3b9\" \"productpage:9080\" \"10.1.2.3:9080\" outbound|9080||productpage.default.svc.cluster.local - 10.0.0.1:9080 10.1.2.4:45678 - default");
        assertThat(a.detail().terminationState()).isEqualTo("UF,URX");
        assertThat(a.lastTry().address()).isEqualTo("10.1.2.3:9080");
    }

    @Test
    void envoyAndIstioJson() {
        AccessEvent a =
                access(
                        "{\"start_time\":\"2024-03-14T09:10:00.000Z\",\"method\":\"GET\",\"path\":\"/api\",\"protocol\":\"HTTP/1.1\",\"response_code\":503,\"response_flags\":\"UF\",\"response_code_details\":\"upstream_reset_before_response_started{connection_failure}\",\"upstream_transport_failure_reason\":\"delayed connect error: 111\",\"bytes_received\":0,\"bytes_sent\":91,\"duration\":2,\"upstream_service_time\":null,\"authority\":\"web:8080\",\"upstream_host\":\"10.244.1.17:8080\",\"upstream_cluster\":\"outbound|8080||web.shop.svc.cluster.local\",\"downstream_remote_address\":\"10.244.2.5:51234\"}");
        assertThat(a.gateway()).isEqualTo(GatewayKind.ENVOY);
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.detail().errorName()).contains("delayed connect error: 111");
        assertThat(a.client()).isEqualTo("10.244.2.5");
    }

    @Test
    void traefiksCommonLogFormatWithRouterServerAndDuration() {
        AccessEvent a =
                access(
                        "192.168.1.10 - - [14/Mar/2026:09:10:00 +0000] \"GET /api HTTP/1.1\" 502 11 \"-\" \"curl/8.5.0\" 42 \"api@docker\" \"http://172.18.0.5:8080\" 3ms");
        assertThat(a.gateway()).isEqualTo(GatewayKind.TRAEFIK);
        assertThat(a.service()).isEqualTo("api@docker");
        assertThat(a.lastTry().address()).isEqualTo("172.18.0.5:8080");
        assertThat(a.requestTime()).isEqualTo(0.003);
        // The fast path leaves it to the full parse, which knows it is Traefik's.
        byte[] b = a.raw().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(PARSER.scanAccess(b, b.length)).isNull();
    }

    @Test
    void traefiksJsonAccessLogInNanoseconds() {
        AccessEvent a =
                access(
                        "{\"ClientAddr\":\"192.168.1.10:52000\",\"ClientHost\":\"192.168.1.10\",\"DownstreamContentSize\":11,\"DownstreamStatus\":502,\"Duration\":3120000,\"OriginContentSize\":11,\"OriginDuration\":2950000,\"OriginStatus\":502,\"RequestHost\":\"api.example.com\",\"RequestMethod\":\"GET\",\"RequestPath\":\"/api\",\"RequestProtocol\":\"HTTP/1.1\",\"RouterName\":\"api@docker\",\"ServiceAddr\":\"172.18.0.5:8080\",\"ServiceName\":\"api@docker\",\"ServiceURL\":\"http://172.18.0.5:8080\",\"StartUTC\":\"2026-03-14T09:10:00.123456789Z\",\"level\":\"info\",\"msg\":\"\",\"time\":\"2026-03-14T09:10:00Z\"}");
        assertThat(a.gateway()).isEqualTo(GatewayKind.TRAEFIK);
        assertThat(a.requestTime()).isEqualTo(0.00312);
        assertThat(a.lastTry().status()).isEqualTo(-1); // the proxy's own 502
        assertThat(Instant.ofEpochMilli(a.timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T09:10:00.126Z"));
    }

    @Test
    void traefiksProxyErrorsInEachOfItsLogFormats() {
        for (String line :
                new String[] {
                    "time=\"2026-03-14T09:10:00Z\" level=debug msg=\"'502 Bad Gateway' caused by: dial tcp 172.18.0.5:8080: connect: connection refused\"",
                    "2026-03-14T09:10:00Z DBG github.com/traefik/traefik/v3/pkg/proxy/httputil/proxy.go:113 > 502 Bad Gateway error=\"dial tcp 172.18.0.5:8080: connect: connection refused\"",
                    "{\"level\":\"debug\",\"error\":\"dial tcp 172.18.0.5:8080: connect: connection refused\",\"time\":\"2026-03-14T09:10:00Z\",\"caller\":\"proxy.go:113\",\"message\":\"502 Bad Gateway\"}",
                    "{\"level\":\"debug\",\"msg\":\"'502 Bad Gateway' caused by: dial tcp 172.18.0.5:8080: connect: connection refused\",\"time\":\"2026-03-14T09:10:00Z\"}"
                }) {
            ErrorEvent e = error(line);
            assertThat(e.gateway()).isEqualTo(GatewayKind.TRAEFIK);
            assertThat(e.message())
                    .isEqualTo("dial tcp 172.18.0.5:8080: connect: connection refused");
            assertThat(e.upstreamPeer()).isEqualTo("172.18.0.5:8080");
        }
        assertThat(
                        PARSER.parse(
                                "2026-03-14T09:10:00Z INF github.com/traefik/traefik/v3/cmd/traefik/traefik.go:100 > Traefik version 3.1.0 built on 2024-07-17T14:05:41Z version=3.1.0",
                                "traefik.log"))
                .isInstanceOf(IgnoredLine.class);
    }

    @Test
    void caddysAccessAndErrorLogs() {
        AccessEvent a =
                access(
                        "{\"level\":\"error\",\"ts\":1773479400.5,\"logger\":\"http.log.access.log0\",\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"172.18.0.1\",\"remote_port\":\"41342\",\"client_ip\":\"172.18.0.1\",\"proto\":\"HTTP/1.1\",\"method\":\"GET\",\"host\":\"shop.example.com\",\"uri\":\"/cart\",\"headers\":{\"User-Agent\":[\"curl/8.5.0\"]}},\"bytes_read\":0,\"user_id\":\"\",\"duration\":0.016449013,\"size\":0,\"status\":502,\"resp_headers\":{\"Server\":[\"Caddy\"]}}");
        assertThat(a.gateway()).isEqualTo(GatewayKind.CADDY);
        assertThat(a.service()).isEqualTo("shop.example.com");
        assertThat(a.requestKey()).isEqualTo("GET /cart");
        assertThat(a.client()).isEqualTo("172.18.0.1");
        ErrorEvent e =
                error(
                        "{\"level\":\"error\",\"ts\":1773479400.48,\"logger\":\"http.log.error.log0\",\"msg\":\"dial tcp 172.18.0.8:9000: connect: connection refused\",\"request\":{\"remote_ip\":\"172.18.0.1\",\"client_ip\":\"172.18.0.1\",\"proto\":\"HTTP/1.1\",\"method\":\"GET\",\"host\":\"shop.example.com\",\"uri\":\"/cart\"},\"duration\":0.016449013,\"status\":502,\"err_id\":\"ifjt2ys6d\",\"err_trace\":\"reverseproxy.statusError (reverseproxy.go:1525)\"}");
        assertThat(e.gateway()).isEqualTo(GatewayKind.CADDY);
        assertThat(e.upstreamPeer()).isEqualTo("172.18.0.8:9000");
        assertThat(e.client()).isEqualTo("172.18.0.1");
        assertThat(e.request()).isEqualTo("GET /cart HTTP/1.1");
        ErrorEvent dns =
                error(
                        "{\"level\":\"error\",\"ts\":1773479400.48,\"logger\":\"http.log.error\",\"msg\":\"dial tcp: lookup acmd-landing on 127.0.0.11:53: server misbehaving\",\"status\":502,\"err_trace\":\"reverseproxy.statusError (reverseproxy.go:1525)\"}");
        assertThat(dns.upstreamPeer()).isEmpty();
    }

    @Test
    void goErrorsNameTheirPeer() {
        assertThat(GoProxyErrors.peer("dial tcp 10.0.0.5:8080: connect: connection refused"))
                .isEqualTo("10.0.0.5:8080");
        assertThat(
                        GoProxyErrors.peer(
                                "read tcp 10.0.0.2:41000->10.0.0.5:8080: read: connection reset by peer"))
                .isEqualTo("10.0.0.5:8080");
        assertThat(GoProxyErrors.peer("dial tcp: lookup api on 127.0.0.11:53: no such host"))
                .isEmpty();
        assertThat(GoProxyErrors.peer("EOF")).isEmpty();
    }

    @Test
    void applicationsLeveledJsonIsChatterNotARejection() {
        assertThat(
                        PARSER.parse(
                                "{\"level\":30,\"time\":1773479400000,\"pid\":17,\"hostname\":\"api-1\",\"msg\":\"request completed\"}",
                                "app.log"))
                .isInstanceOf(IgnoredLine.class);
    }
}
