package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.UpstreamTry;
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
class NginxAccessViewTest {

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
        int viewed = 0;
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
            if (check(line)) {
                viewed++;
            }
        }
        assertThat(viewed).as("nginx text access lines read in place").isGreaterThan(1000);
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
            assertThat(check(line)).as(line).isTrue();
        }
        assertThat(parser.scanNginxAccess(lines.get(0)).failedBeforeLast()).isTrue();
        assertThat(parser.scanNginxAccess(lines.get(1)).failedBeforeLast()).isFalse();
        assertThat(parser.scanNginxAccess(lines.get(4)).service()).isEqualTo("x.example");
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
        assertThat(parser.scanNginxAccess("")).isNull();
        assertThat(parser.scanNginxAccess("{\"status\":\"200\"}")).isNull();
        assertThat(
                        parser.scanNginxAccess(
                                "10.1.2.3 - - [14/Mar/2026:99:10:00 +0000] \"GET / HTTP/1.1\" 200 5"))
                .isNull();
        assertThat(
                        parser.scanNginxAccess(
                                "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET /\u0001 HTTP/1.1\" 200 5"))
                .isNull();
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            check(new String(b, StandardCharsets.ISO_8859_1));
        }
    }

    /** True when the view accepted the line; then it must agree with the full parse. */
    private boolean check(String line) {
        long quick = parser.accessLineTime(line);
        if (quick != Timestamps.INVALID) {
            assertThat(quick).as(line).isEqualTo(parser.parse(line, "s").timeMillis());
        }
        NginxAccessView v = parser.scanNginxAccess(line);
        if (v == null) {
            return false;
        }
        AccessEvent viewed = v.toEvent("s", line);
        long time = v.timeMillis();
        int status = v.status();
        String service = v.service();
        int tries = v.tryCount();
        String lastPeer = v.lastPeer();
        double lastResponse = v.lastResponseTime();
        boolean hidden = v.failedBeforeLast();
        boolean upgrade = v.upgrade();
        LogEvent parsed = parser.parse(line, "s");
        assertThat(viewed).as(line).isEqualTo(parsed);
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
        return true;
    }
}
