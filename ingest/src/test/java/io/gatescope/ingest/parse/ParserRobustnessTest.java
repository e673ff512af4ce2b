package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.gatescope.ingest.event.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParserRobustnessTest {

    static final List<String> SAMPLES =
            List.of(
                    "203.0.113.7 - - [14/Mar/2026:09:10:00 +0100] \"GET /a HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\" rt=0.001 uct=\"-\" uht=\"-\" urt=\"0.000\" ua=\"10.0.1.12:8080, 10.0.1.13:8080\" us=\"502, 502\"",
                    "192.168.1.5 - - [14/Mar/2026:09:10:00 +0000] \"GET /cart HTTP/2.0\" 502 150 \"-\" \"Mozilla/5.0\" 38 0.002 [shop-cart-8080] [] 10.244.1.17:8080 0 0.001 502 6f1c0e4d2b",
                    "2026/03/14 09:10:00 [error] 1234#1234: *5678 connect() failed (111: Connection refused) while connecting to upstream, client: 10.1.2.3, server: api, request: \"GET / HTTP/1.1\", upstream: \"http://10.0.3.11:8080/\", host: \"api\"",
                    "https 2026-03-14T09:10:00.123456Z app/prod-alb/50dc 198.51.100.7:51234 10.0.12.5:8443 -1 -1 -1 502 - 734 257 \"GET https://api.example.com:443/v1/ping HTTP/1.1\" \"curl\" ECDHE TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api-tg/7 \"Root=1\" \"api.example.com\" \"-\" 0 2026-03-14T09:10:00.120000Z \"forward\" \"-\" \"-\" \"10.0.12.5:8443\" \"-\" \"-\" \"-\"",
                    "Mar 14 09:10:01 lb1 haproxy[2211]: 10.0.0.1:51234 [14/Mar/2026:09:10:01.120] fe_http be_api/api2 0/0/-1/-1/3 503 217 - - SC-- 10/10/0/0/3 0/0 \"GET /v1/items HTTP/1.1\"",
                    "{\"message\":\"2026/03/14 09:10:00 [error] 1#1: *5 no live upstreams while connecting to upstream\",\"file\":\"/x\"}",
                    "{\"time_iso8601\":\"2026-03-14T09:10:00+00:00\",\"status\":\"502\",\"request\":\"GET / HTTP/1.1\"}");

    private final LogLineParser parser = new LogLineParser(ParseContext.defaults());

    @Test
    void samplesParseWithoutRejection() {
        for (String s : SAMPLES) {
            assertThat(parser.parse(s, "s"))
                    .as(s)
                    .isNotInstanceOf(io.gatescope.ingest.event.Rejection.class);
        }
    }

    @Test
    void truncationAtEveryCharacterNeverThrows() {
        for (String s : SAMPLES) {
            for (int i = 0; i <= s.length(); i++) {
                String cut = s.substring(0, i);
                assertThatCode(
                                () -> {
                                    LogEvent e = parser.parse(cut, "s");
                                    assertThat(e).isNotNull();
                                    assertNoParserFailure(e);
                                })
                        .as(cut)
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            String line = new String(b, StandardCharsets.UTF_8);
            assertNoParserFailure(parser.parse(line, "r"));
        }
    }

    @Test
    void mutatedSamplesNeverThrow() {
        Random random = new Random(7);
        String alphabet = " \"[]{}:,/-0123456789.x\\";
        for (int i = 0; i < 50_000; i++) {
            char[] c = SAMPLES.get(i % SAMPLES.size()).toCharArray();
            for (int k = 0; k < 3; k++) {
                c[random.nextInt(c.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            assertNoParserFailure(parser.parse(new String(c), "m"));
        }
    }

    @Test
    void aLineCutWhereAValueShouldStartIsTruncatedOrUnknownNotAParserFailure() {
        // Cut right after "- ": the user field of the line would start at its very end.
        for (String cut : List.of("10.1.2.3 - ", "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"")) {
            LogEvent e = parser.parse(cut, "s");
            assertThat(e).isInstanceOf(io.gatescope.ingest.event.Rejection.class);
            assertNoParserFailure(e);
        }
    }

    /**
     * A line no parser understands is rejected with a reason; the catch-all for exceptions out of a
     * parser ({@code bad-field:SomeException}) must never be what answers it.
     */
    private static void assertNoParserFailure(LogEvent e) {
        assertThat(e).isNotNull();
        if (e instanceof io.gatescope.ingest.event.Rejection r) {
            assertThat(r.reason()).as(r.raw()).doesNotEndWith("Exception");
        }
    }
}
