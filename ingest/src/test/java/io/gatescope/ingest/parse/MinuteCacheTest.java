package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class MinuteCacheTest {

    /** The shapes the cache reads, each with the full parse it must agree with. */
    enum Shape {
        TIME_LOCAL("14/Mar/2026:09:10:05 +0000"),
        /** HAProxy's accept date: milliseconds, no offset (read in the parser's zone). */
        ACCEPT_DATE("14/Mar/2026:09:10:05.120"),
        ALB("2026-03-14T09:10:05.123456Z");

        final String example;

        Shape(String example) {
            this.example = example;
        }

        long cached(MinuteCache cache, String t, ZoneId zone) {
            LineBytes line = LineBytes.of("[" + t + "]");
            return this == ALB
                    ? cache.parseIso(line, 1, 1 + t.length(), zone)
                    : cache.parse(line, 1, 1 + t.length(), zone);
        }

        long full(String t, ZoneId zone) {
            return this == ALB
                    ? Timestamps.parseIso(t, 0, t.length(), zone)
                    : Timestamps.parseClf(t, 0, t.length(), zone);
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aTimeDifferingFromThePreviousOneInAnyCharacterIsReadAfresh(Shape shape) {
        MinuteCache cache = new MinuteCache();
        String base = shape.example;
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        for (int p = 0; p < base.length(); p++) {
            for (char d : "0123456789x".toCharArray()) {
                if (d == base.charAt(p)) {
                    continue;
                }
                String changed = base.substring(0, p) + d + base.substring(p + 1);
                for (String t : new String[] {base, changed, changed, base}) {
                    for (ZoneId zone : new ZoneId[] {ZoneOffset.UTC, berlin, berlin}) {
                        assertThat(shape.cached(cache, t, zone))
                                .as("%s in %s after a cached minute", t, zone)
                                .isEqualTo(shape.full(t, zone));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}, then {1}: {2} ms later")
    @CsvSource({
        "'14/Mar/2026:09:10:05 +0000', '14/Mar/2026:09:10:59 +0000', 54000, TIME_LOCAL",
        "14/Mar/2026:09:10:05.120, 14/Mar/2026:09:10:07.009, 1889, ACCEPT_DATE",
        "2026-03-14T09:10:05.123456Z, 2026-03-14T09:10:06.000999Z, 877, ALB",
    })
    void theSecondsAndMillisecondsOfACachedMinuteAreStillRead(
            String first, String later, long millisLater, Shape shape) {
        MinuteCache cache = new MinuteCache();
        long a = shape.cached(cache, first, ZoneOffset.UTC);
        assertThat(shape.cached(cache, later, ZoneOffset.UTC)).isEqualTo(a + millisLater);
    }
}
