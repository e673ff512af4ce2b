package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.nginx.NginxAccessLineParser;
import io.gatescope.ingest.read.LogFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-place view must say exactly what the full event says, for every line it accepts. */
class AccessViewTest {

    private final LogLineParser parser = new LogLineParser(ParseContext.defaults());

    @Test
    void theViewAgreesWithTheFullEventOnEverySampleLine() throws IOException {
        List<String> lines = new ArrayList<>();
        List<Path> scenarios;
        try (var dirs = java.nio.file.Files.list(Path.of("../sample-logs"))) {
            scenarios =
                    dirs.filter(java.nio.file.Files::isDirectory)
                            .filter(d -> !d.endsWith("expected"))
                            .toList();
        }
        for (Path f : LogFiles.expand(scenarios)) {
            try (BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(LogFiles.open(f), StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            }
        }
        java.util.Map<GatewayKind, Integer> viewed = new java.util.EnumMap<>(GatewayKind.class);
        LogLineParser warm = new LogLineParser(ParseContext.defaults());
        for (String line : lines) {
            // A warm parser matches with the format it learned; a fresh one reads the tail
            // heuristically: both must give the same event.
            LogEvent learned = warm.parse(line, "s");
            if (learned instanceof AccessEvent) {
                assertThat(learned)
                        .as(line)
                        .isEqualTo(new LogLineParser(ParseContext.defaults()).parse(line, "s"));
            }
            AccessView v = check(line);
            if (v != null) {
                viewed.merge(v.gateway(), 1, Integer::sum);
            }
        }
        assertThat(viewed.get(GatewayKind.NGINX))
                .as("nginx lines read in place")
                .isGreaterThan(1000);
        assertThat(viewed.get(GatewayKind.ALB)).as("ALB lines read in place").isGreaterThan(100);
        assertThat(viewed.get(GatewayKind.HAPROXY)).as("HAProxy lines").isGreaterThan(100);
    }

    @Test
    void retriesAndMissingPeersAreReadInPlaceAsInTheEvent() {
        String p = "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET /a HTTP/1.1\" ";
        List<String> lines =
                List.of(
                        p
                                + "200 5 \"-\" \"c\" rt=0.2 urt=\"0.1, 0.05\" ua=\"10.0.0.1:80, 10.0.0.2:80\" us=\"502, 200\"",
                        p
                                + "200 5 \"-\" \"c\" rt=0.2 urt=\"0.1, 0.05\" ua=\"10.0.0.1:80, 10.0.0.2:80\" us=\"404, 200\"",
                        p + "502 5 \"-\" \"c\" rt=0.2 urt=\"-\" ua=\"-\" us=\"-\"",
                        p + "200 5 \"-\" \"c\" rt=0.2 ua=\"-\"",
                        p
                                + "200 5 \"-\" \"c\" rt=0.2 urt=\"0.1 : 0.3\" ua=\"a:1 : b:2\" us=\"504 : 200\" host=x.example:8443",
                        p + "101 5 \"-\" \"c\" 12.5 10.0.0.9:80 101",
                        p + "200 5 \"-\" \"c\"");
        for (String line : lines) {
            assertThat(check(line)).as(line).isNotNull();
        }
        assertThat(scan(lines.get(0)).failedBeforeLast()).isTrue();
        assertThat(scan(lines.get(1)).failedBeforeLast()).isFalse();
        assertThat(scan(lines.get(4)).service()).isEqualTo("x.example");
    }

    /** Values read off the lines by hand, not through any of the parsers' code. */
    @Test
    void theViewReadsKnownAnswersOfEachGateway() {
        AccessView nginx =
                scan(
                        "10.1.2.3 - - [14/Mar/2026:09:10:00 +0100] \"GET /a HTTP/1.1\" 502 5 \"-\""
                                + " \"c\" rt=3.004 urt=\"3.001\" ua=\"10.0.0.1:80\" us=\"502\""
                                + " host=shop.example.com");
        assertThat(nginx.gateway()).isEqualTo(GatewayKind.NGINX);
        assertThat(nginx.timeMillis())
                .isEqualTo(java.time.Instant.parse("2026-03-14T08:10:00Z").toEpochMilli());
        assertThat(nginx.status()).isEqualTo(502);
        assertThat(nginx.service()).isEqualTo("shop.example.com");
        assertThat(nginx.lastPeer()).isEqualTo("10.0.0.1:80");
        assertThat(nginx.lastResponseTime()).isEqualTo(3.001);
        assertThat(nginx.requestTime()).isEqualTo(3.004);
        AccessView alb =
                scan(
                        "http 2026-03-14T09:10:00.123456Z app/my-alb/abc 1.2.3.4:5555 10.0.1.5:80"
                                + " 0.001 2.5 0.002 502 502 120 0 \"GET http://x.example.com:80/ HTTP/1.1\""
                                + " \"curl/8\" - - arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg/1"
                                + " \"Root=1-a\" \"-\" \"-\" 0 2026-03-14T09:09:57.620000Z \"forward\""
                                + " \"-\" \"-\" \"10.0.1.5:80\" \"502\" \"-\" \"-\"");
        assertThat(alb.gateway()).isEqualTo(GatewayKind.ALB);
        assertThat(alb.status()).isEqualTo(502);
        assertThat(alb.lastPeer()).isEqualTo("10.0.1.5:80");
        assertThat(alb.lastResponseTime()).isEqualTo(2.5);
        AccessView haproxy =
                scan(
                        "172.16.0.1:51512 [14/Mar/2026:09:10:00.123] http-in be_app/app1"
                                + " 0/0/1/-1/2 502 204 - - SH-- 3/3/0/0/0 0/0 \"GET /health HTTP/1.1\"");
        assertThat(haproxy.gateway()).isEqualTo(GatewayKind.HAPROXY);
        assertThat(haproxy.status()).isEqualTo(502);
        assertThat(haproxy.service()).isEqualTo("be_app");
        assertThat(haproxy.lastPeer()).isEqualTo("app1");
    }

    @Test
    void aRegularKeyValueTailIsLearnedAsAFormatAndOtherShapesAreNot() {
        String p =
                "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"c\"";
        NginxAccessLineParser kv = new NginxAccessLineParser(null);
        String line = p + " rt=0.2 urt=\"0.1, 0.05\" ua=\"10.0.0.1:80, 10.0.0.2:80\" cn=7";
        LogEvent first = kv.parse(line, java.time.ZoneOffset.UTC, Long.MIN_VALUE, "s");
        assertThat(kv.learnedFormat()).isNotNull();
        assertThat(kv.parse(line, java.time.ZoneOffset.UTC, Long.MIN_VALUE, "s")).isEqualTo(first);
        NginxAccessLineParser bare = new NginxAccessLineParser(null);
        bare.parse(p + " 0.120 10.0.3.11:8080 502", java.time.ZoneOffset.UTC, 0, "s");
        assertThat(bare.learnedFormat()).isNull();
    }

    @Test
    void linesTheViewDeclinesAreLeftToTheFullParser() {
        assertThat(scan("")).isNull();
        assertThat(scan("{\"status\":\"200\"}")).isNull();
        assertThat(scan("10.1.2.3 - - [14/Mar/2026:99:10:00 +0000] \"GET / HTTP/1.1\" 200 5"))
                .isNull();
        assertThat(scan("10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET /\u0001 HTTP/1.1\" 200 5"))
                .isNull();
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            check(new String(b, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void loadBalancerLinesAreReadInPlaceAndTheirOddCasesLeftToTheFullParser() {
        String alb =
                "https 2026-03-14T09:10:00.123456Z app/prod/50dc 198.51.100.7:51234 %s 0.000 %s"
                        + " 0.000 %s %s 734 4096 \"GET https://api.example.com:443/v1 HTTP/1.1\""
                        + " \"curl/8\" ECDHE TLSv1.2"
                        + " arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api-tg/73e2 \"Root=1\""
                        + " \"api.example.com\" \"-\" 0 2026-03-14T09:10:00.12Z \"forward\" \"-\" \"-\""
                        + " \"10.0.12.5:8080\" \"200\" \"-\" \"-\"";
        AccessView ok = check(String.format(alb, "10.0.12.5:8080", "0.012", "200", "200"));
        assertThat(ok.service()).isEqualTo("api-tg");
        assertThat(ok.lastPeer()).isEqualTo("10.0.12.5:8080");
        assertThat(check(String.format(alb, "-", "-1", "502", "-")).tryCount()).isZero();
        assertThat(check(String.format(alb, "10.0.12.5:8080", "x", "200", "200"))).isNull();
        String ha =
                "Mar 14 09:10:05 lb1 haproxy[2211]: 10.0.0.7:51234 [14/Mar/2026:09:10:05.120]"
                        + " fe_http be_api/%s 0/0/1/23/25 %s 2048 - - %s 10/10/3/1/0 0/0 %s\"GET /v1 HTTP/1.1\"";
        AccessView served = check(String.format(ha, "api1", "200", "----", ""));
        assertThat(served.service()).isEqualTo("be_api");
        assertThat(served.lastResponseTime()).isEqualTo(0.024);
        assertThat(check(String.format(ha, "<NOSRV>", "503", "SC--", "")).tryCount()).isZero();
        String upgraded = String.format(ha, "api1", "101", "----", "{ws.example.com|websocket} ");
        assertThat(check(upgraded)).as("captured headers: only the full parse reads them").isNull();
        AccessEvent event = (AccessEvent) parser.parse(upgraded, "s");
        assertThat(event.upgrade()).isTrue();
        assertThat(event.host()).isEqualTo("ws.example.com");
        assertThat(check(String.format(ha, "api1", "200", "-", ""))).isNull();
        assertThat(check(String.format(ha, "api1", "200", "----", "").substring(0, 120))).isNull();
    }

    @Test
    void everyTruncationOfAnAccessLineIsDeclinedOrReadAsTheFullParseReadsIt() {
        List<String> samples =
                List.of(
                        "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"c\""
                                + " rt=0.2 urt=\"0.1, 0.05\" ua=\"10.0.0.1:80, 10.0.0.2:80\" us=\"502, 200\"",
                        "https 2026-03-14T09:10:00.1Z app/p/5 1.2.3.4:5 10.0.0.5:80 0.0 0.01 0.0 200 200"
                                + " 1 2 \"GET https://a.example:443/ HTTP/1.1\" \"c\" X T"
                                + " arn:aws:elasticloadbalancing:r:1:targetgroup/tg/7 \"R\" \"a.example\"",
                        "<134>Mar 14 09:10:05 lb1 haproxy[2211]: 10.0.0.7:51234 [14/Mar/2026:09:10:05.120]"
                                + " fe be/s1 0/0/1/23/25 200 2048 - - ---- 1/1/1/1/0 0/0 \"GET / HTTP/1.1\"");
        for (String line : samples) {
            assertThat(check(line)).as(line).isNotNull();
            for (int n = 0; n < line.length(); n++) {
                check(line.substring(0, n));
            }
        }
    }

    /** The view of a line given as text, as the analyzer gets it from its bytes. */
    private AccessView scan(String line) {
        byte[] b = utf8(line);
        return parser.scanAccess(b, b.length);
    }

    private static byte[] utf8(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** The view of a line it accepted, which must agree with the full parse; else null. */
    private AccessView check(String line) {
        long quick = parser.accessLineTime(utf8(line), utf8(line).length);
        LogEvent full = parser.parse(line, "s");
        if (quick != Timestamps.INVALID && !(full instanceof Rejection)) {
            assertThat(quick).as(line).isEqualTo(full.timeMillis());
        }
        AccessView v = scan(line);
        if (v == null) {
            return null;
        }
        GatewayKind gateway = v.gateway();
        double requestTime = v.requestTime();
        long time = v.timeMillis();
        int status = v.status();
        String service = v.service();
        int tries = v.tryCount();
        String lastPeer = v.lastPeer();
        double lastResponse = v.lastResponseTime();
        boolean hidden = v.failedBeforeLast();
        boolean upgrade = v.upgrade();
        LogEvent parsed = parser.parse(line, "s");
        assertThat(parsed).as(line).isInstanceOf(AccessEvent.class);
        AccessEvent a = (AccessEvent) parsed;
        assertThat(time).isEqualTo(a.timeMillis());
        assertThat(status).isEqualTo(a.status());
        assertThat(service).isEqualTo(a.service());
        assertThat(upgrade).isEqualTo(a.upgrade());
        assertThat(tries).isEqualTo(a.tries().size());
        UpstreamTry last = a.lastTry();
        assertThat(lastPeer).isEqualTo(last == null ? null : last.address());
        assertThat(Double.valueOf(lastResponse))
                .isEqualTo(Double.valueOf(last == null ? Double.NaN : last.responseTime()));
        boolean expectedHidden = false;
        for (int k = 0; k < a.tries().size() - 1; k++) {
            UpstreamTry t = a.tries().get(k);
            expectedHidden |=
                    (t.status() < 0 || t.status() >= 502 && t.status() <= 504)
                            && !"-".equals(t.address());
        }
        assertThat(hidden).as(line).isEqualTo(expectedHidden);
        assertThat(gateway).isEqualTo(a.gateway());
        assertThat(Double.valueOf(requestTime)).isEqualTo(Double.valueOf(a.requestTime()));
        return scan(line);
    }
}
