package io.gatescope.ingest.paste;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.parse.ParseContext;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasteRecognizerTest {

    private final PasteRecognizer recognizer =
            new PasteRecognizer(new ParseContext(ZoneOffset.UTC, 2026, null, 65536));

    private static final String NGINX_ERROR =
            "2026/03/14 09:00:01 [error] 31#31: *5 connect() failed (111: Connection refused)"
                    + " while connecting to upstream, client: 10.0.0.1, server: shop.example.com,"
                    + " request: \"GET /api HTTP/1.1\", upstream: \"http://10.0.1.5:8080/api\","
                    + " host: \"shop.example.com\"";

    @Test
    void aWholeNginxErrorLineIsReadAsPasted() {
        PasteRecognizer.Recognized r = recognizer.recognize(NGINX_ERROR);
        assertThat(r.how()).isEqualTo("as pasted");
        assertThat(r.event()).isInstanceOf(ErrorEvent.class);
        assertThat(((ErrorEvent) r.event()).upstreamPeer()).isEqualTo("10.0.1.5:8080");
    }

    @Test
    void anErrorLineWithoutItsDateOrLevelIsReadAsAMessage() {
        for (String fragment :
                List.of(
                        "[error] 31#31: *5 connect() failed (111: Connection refused) while"
                                + " connecting to upstream, client: 10.0.0.1",
                        "*1187 upstream timed out (110: Connection timed out) while reading"
                                + " response header from upstream",
                        "upstream prematurely closed connection while reading response header"
                                + " from upstream")) {
            PasteRecognizer.Recognized r = recognizer.recognize(fragment);
            assertThat(r.event()).as(fragment).isInstanceOf(ErrorEvent.class);
            assertThat(r.how()).as(fragment).isEqualTo("message only");
        }
    }

    @Test
    void aKubectlOrComposePrefixIsLookedPast() {
        for (String prefix :
                List.of(
                        "ingress-nginx-controller-7d9f8b-abcde controller ",
                        "[pod/web-7d9f8b-abcde/nginx] ",
                        "nginx-1  | ",
                        "2026-03-14T09:00:01.123Z ")) {
            PasteRecognizer.Recognized r = recognizer.recognize(prefix + NGINX_ERROR);
            assertThat(r.event()).as(prefix).isInstanceOf(ErrorEvent.class);
            assertThat(((ErrorEvent) r.event()).upstreamPeer()).isEqualTo("10.0.1.5:8080");
        }
    }

    @Test
    void anonymisedAddressesAreReadAsAddresses() {
        for (String mask : List.of("x.x.x.x", "XX.XX.XX.XX", "<ip address>", "***", "<redacted>")) {
            String line = NGINX_ERROR.replace("10.0.1.5", mask).replace("10.0.0.1", mask);
            PasteRecognizer.Recognized r = recognizer.recognize(line);
            assertThat(r.event()).as(mask).isInstanceOf(ErrorEvent.class);
            assertThat(r.how()).as(mask).isIn("as pasted", "cleaned");
        }
    }

    @Test
    void aLineCopiedOutOfJsonHasItsEscapesUndone() {
        String escaped = "\"" + NGINX_ERROR.replace("\"", "\\\"") + "\"";
        PasteRecognizer.Recognized r = recognizer.recognize(escaped);
        assertThat(r.event()).isInstanceOf(ErrorEvent.class);
        assertThat(((ErrorEvent) r.event()).request()).contains("GET /api");
    }

    @Test
    void aPrettyPrintedJsonAccessEntryIsOneEntry() {
        String pasted =
                """
                {
                  "ClientHost": "10.0.0.9",
                  "DownstreamStatus": 502,
                  "RequestMethod": "GET",
                  "RequestPath": "/x",
                  "ServiceName": "api@docker",
                  "ServiceURL": "http://172.18.0.5:80",
                  "Duration": 1234567,
                  "time": "2026-03-14T09:00:03Z"
                }
                """;
        List<PastedEntry> entries = PasteReader.entries(pasted);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).lines()).hasSize(10);
        PasteRecognizer.Recognized r = recognizer.recognize(entries.get(0).text());
        assertThat(r.event())
                .isInstanceOfSatisfying(
                        AccessEvent.class, a -> assertThat(a.status()).isEqualTo(502));
    }

    @Test
    void aJsonEntryCutShortIsClosedAndRead() {
        String cut =
                "{\"ClientHost\":\"10.0.0.9\",\"DownstreamStatus\":502,\"RequestMethod\":\"GET\","
                        + "\"StartUTC\":\"2026-03-14T09:00:03Z\",\"ServiceURL\":\"http://172.18.0.5:80\",";
        PasteRecognizer.Recognized r = recognizer.recognize(cut);
        assertThat(r.how()).isEqualTo("completed");
        assertThat(r.event())
                .isInstanceOfSatisfying(
                        AccessEvent.class, a -> assertThat(a.status()).isEqualTo(502));
    }

    @Test
    void anAlbLineCutAfterItsStatusIsCompleted() {
        String cut =
                "h2 2026-03-14T09:00:01.123456Z app/my-alb/abc 1.2.3.4:5555 10.0.1.5:80 0.001 -1 -1"
                        + " 502 - 120 0 \"GET https://x.example.com:443/ HTTP/2.0\" \"curl/8\"";
        PasteRecognizer.Recognized r = recognizer.recognize(cut);
        assertThat(r.how()).isIn("as pasted", "completed");
        assertThat(r.event())
                .isInstanceOfSatisfying(
                        AccessEvent.class, a -> assertThat(a.status()).isEqualTo(502));
    }

    @Test
    void accessLinesCutAfterTheirStatusAreCompletedFromTheirFormat() {
        for (String cut :
                List.of(
                        "10.0.0.1 - - [14/Mar/2026:09:00:01 +0000] \"GET / HTTP/1.1\" 502",
                        "[2026-03-14T09:00:01.123Z] \"GET /api/v1/items HTTP/1.1\" 503 UC",
                        "172.16.0.1:51512 [14/Mar/2026:09:00:01.123] http-in be_app/app1"
                                + " 0/0/0/-1/2 502 204 - - SH--")) {
            PasteRecognizer.Recognized r = recognizer.recognize(cut);
            assertThat(r.how()).as(cut).isEqualTo("completed");
            assertThat(r.event())
                    .as(cut)
                    .isInstanceOfSatisfying(
                            AccessEvent.class, a -> assertThat(a.status()).isIn(502, 503));
        }
    }

    @Test
    void anUpstreamServersLineIsRecognised() {
        PasteRecognizer.Recognized r =
                recognizer.recognize(
                        "[2026-03-14 09:00:01 +0000] [12] [CRITICAL] WORKER TIMEOUT (pid:45)");
        assertThat(r.event()).isInstanceOf(UpstreamEvent.class);
    }

    @Test
    void proseIsNotUnderstoodAndDoesNotThrow() {
        for (String s :
                List.of(
                        "hello world this is not a log line",
                        "",
                        "{",
                        "\u0000\u0001binary",
                        "[error]")) {
            assertThat(recognizer.recognize(s).understood()).as(s).isFalse();
        }
    }

    @Test
    void blankLinesBetweenEntriesAreDroppedAndEveryOtherLineKept() {
        List<PastedEntry> entries = PasteReader.entries("a line\r\n\n  \nanother line\n");
        assertThat(entries).extracting(PastedEntry::text).containsExactly("a line", "another line");
    }
}
