package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Line shapes that other log tools' public test fixtures hold and a first version rejected (issue
 * 20, part 1), written here in the same shapes with values of our own: each is read, as a request
 * or as a record it is right to count and leave aside, never a rejection.
 */
class RealWorldShapesTest {

    static final LogLineParser PARSER =
            new LogLineParser(ParseContext.defaults().withDefaultYear(2026));

    static LogEvent parse(String line) {
        return PARSER.parse(line, "/var/log/x.log");
    }

    @Test
    void haproxyTcplogSessionsAreReadAndAServerSideFailureIsAGatewayError() {
        LogEvent ok =
                parse(
                        "Mar 14 09:10:00 lb1 haproxy[811]: 10.1.2.3:40962 [14/Mar/2026:09:10:00.285] pg_front pg/db1 0/1/5120 4212 -- 3/3/1/1/0 0/0");
        assertThat(ok).isInstanceOf(AccessEvent.class);
        assertThat(((AccessEvent) ok).method()).isEqualTo("TCP");
        AccessEvent down =
                (AccessEvent)
                        parse(
                                "Mar 14 09:10:00 lb1 haproxy[811]: 10.1.2.3:40963 [14/Mar/2026:09:10:01.285] main app/<NOSRV> -1/-1/1 212 SC 1/1/0/0/0 0/0");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.detail().terminationState()).isEqualTo("SC");
    }

    @Test
    void haproxyHttpLogsWithAnExtraFieldBeforeTheTimersAreRead() {
        AccessEvent a =
                (AccessEvent)
                        parse(
                                "Mar 14 09:10:00 lb1 haproxy[811]: -:22222 [14/Mar/2026:09:10:00.222] www-https~ shop/node2 shop.example.com 0/0/0/18/18 200 200 - - ---- 12/12/2/0/0 0/0 \"GET /api/v2/cart HTTP/1.1\"");
        assertThat(a.service()).isEqualTo("shop");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.lastTry().address()).isEqualTo("node2");
    }

    @Test
    void haproxysClientConnectionErrorsAreCountedAndBlameNoServer() {
        for (String reason :
                List.of(
                        "Connection closed during SSL handshake",
                        "SSL handshake failure",
                        "Connection error during SSL handshake")) {
            LogEvent e =
                    parse(
                            "Mar 14 09:10:00 lb1 haproxy[811]: 203.0.113.9:5123 [14/Mar/2026:09:10:00.123] fe_https/sock-1: "
                                    + reason);
            assertThat(e).as(reason).isInstanceOf(IgnoredLine.class);
            assertThat(((IgnoredLine) e).what()).isEqualTo("haproxy-client:" + reason);
        }
    }

    @Test
    void loadBalancersConnectionRecordsAreRecognised() {
        assertThat(
                        parse(
                                "2026-03-14T09:10:00.758784Z my-classic-elb 198.51.100.7:51600 10.0.0.47:443 0.000943 0.00001 0.000015 - - 134 859 \"- - - \" \"-\" - -"))
                .isInstanceOf(IgnoredLine.class);
        assertThat(
                        parse(
                                "tls 2.0 2026-03-14T09:10:00 net/my-nlb/c6e77e28c25b2234 g3d4b5e8bb8464cd 198.51.100.7:51341 172.31.10.5:443 5 2 98 246 - arn:aws:acm:us-east-2:123456789012:certificate/abc - ECDHE-RSA-AES128-SHA tlsv12 - my-nlb.elb.us-east-2.amazonaws.com"))
                .isInstanceOf(IgnoredLine.class);
        LogEvent conn =
                parse(
                        "2026-03-14T09:10:00.514108Z 198.51.100.7 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 863490 \"-\" \"-\" - Failed:ClientCert TID_1234");
        assertThat(conn).isInstanceOf(IgnoredLine.class);
        assertThat(((IgnoredLine) conn).what()).isEqualTo("alb-connection");
    }

    @Test
    void anAlbsOwnAnswersWithoutATargetAreRequests() {
        AccessEvent a =
                (AccessEvent)
                        parse(
                                "https 2026-03-14T09:10:00.186641Z app/my-alb/50dc6c495c0c9188 198.51.100.7:2817 - -1 -1 -1 301 - 0 0 \"GET https://www.example.com:443/ HTTP/1.1\" \"curl/8.5.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 - \"Root=1-5833-36d2\" \"www.example.com\" \"-\" 0 2026-03-14T09:10:00.186000Z \"redirect\" \"https://www.example.com:443/\" \"-\" \"-\" \"-\" \"-\" \"-\" TID_1");
        assertThat(a.status()).isEqualTo(301);
        assertThat(a.tries()).isEmpty();
    }

    @Test
    void containerRuntimePiecesAreJoinedIntoOneLine() {
        LineAssembler asm = new LineAssembler();
        List<LineAssembler.Entry> out = new ArrayList<>();
        out.addAll(
                asm.feed(
                        "c.log",
                        "2026-03-14T09:10:00.493035218+01:00 stdout P 10.1.2.3 - - [14/Mar/2026:08:10:00 +0000] \"GET /a HTTP/1.1\" 502 157 \"-\" "));
        assertThat(out).isEmpty();
        out.addAll(
                asm.feed("c.log", "2026-03-14T09:10:00.493035219+01:00 stdout F \"curl/8.5.0\""));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).lines()).isEqualTo(2);
        LogEvent e = PARSER.parse(out.get(0).line(), "c.log");
        assertThat(e).isInstanceOf(AccessEvent.class);
        assertThat(((AccessEvent) e).status()).isEqualTo(502);
        // What a checkpoint keeps, fed again, is the same unfinished line.
        asm.feed("d.log", "2026-03-14T09:10:00.1+01:00 stdout P first half ");
        LineAssembler restored = new LineAssembler();
        asm.held().forEach((src, text) -> text.lines().forEach(l -> restored.feed(src, l)));
        assertThat(restored.feed("d.log", "2026-03-14T09:10:00.2+01:00 stdout F second half"))
                .extracting(LineAssembler.Entry::line)
                .containsExactly("2026-03-14T09:10:00.1+01:00 stdout F first half second half");
    }

    @Test
    void dockerComposePrefixesAndAmbassadorsAccessPrefixAreUnwrapped() {
        assertThat(
                        parse(
                                "web_1     | 10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET / HTTP/1.1\" 200 15 \"-\" \"curl/8.5.0\""))
                .isInstanceOf(AccessEvent.class);
        assertThat(
                        parse(
                                "envoy-1  | ACCESS [2026-03-14T09:10:00.921Z] \"GET /ip HTTP/1.1\" 200 - 0 43 217 216 \"172.17.0.5\" \"curl/8.5.0\" \"c62ec130\" \"httpbin.org\" \"52.87.35.92:80\""))
                .isInstanceOf(AccessEvent.class);
    }
}
