package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MinuteCacheTest {

    private static final String BASE = "14/Mar/2026:09:10:05 +0000";

    /** HAProxy's accept date: milliseconds, no offset (read in the parser's zone). */
    private static final String ACCEPT_DATE = "14/Mar/2026:09:10:05.120";

    @ParameterizedTest
    @ValueSource(strings = {BASE, ACCEPT_DATE})
    void aTimeDifferingFromThePreviousOneInAnyCharacterIsReadAfresh(String base) {
        MinuteCache cache = new MinuteCache();
        String digits = "0123456789";
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        for (int p = 0; p < base.length(); p++) {
            char c = base.charAt(p);
            for (char d : digits.toCharArray()) {
                if (!Character.isDigit(c) || d == c) {
                    continue;
                }
                String changed = base.substring(0, p) + d + base.substring(p + 1);
                for (String t : new String[] {base, changed, changed, base}) {
                    for (ZoneId zone : new ZoneId[] {ZoneOffset.UTC, berlin, berlin}) {
                        LineBytes line = LineBytes.of("[" + t + "]");
                        assertThat(cache.parse(line, 1, 1 + t.length(), zone))
                                .as("%s in %s after a cached minute", t, zone)
                                .isEqualTo(Timestamps.parseClf(t, 0, t.length(), zone));
                    }
                }
            }
        }
    }

    @Test
    void anAlbTimeDifferingFromThePreviousOneInAnyCharacterIsReadAfresh() {
        String base = "2026-03-14T09:10:05.123456Z";
        MinuteCache cache = new MinuteCache();
        for (int p = 0; p < base.length(); p++) {
            for (char d : "0123456789x".toCharArray()) {
                if (d == base.charAt(p)) {
                    continue;
                }
                String changed = base.substring(0, p) + d + base.substring(p + 1);
                for (String t : new String[] {base, changed, changed, base}) {
                    LineBytes line = LineBytes.of(" " + t + " ");
                    assertThat(cache.parseIso(line, 1, 1 + t.length(), ZoneOffset.UTC))
                            .as("%s after a cached minute", t)
                            .isEqualTo(Timestamps.parseIso(t, 0, t.length(), ZoneOffset.UTC));
                }
            }
        }
    }

    @Test
    void theMillisecondsOfACachedMinuteAreStillRead() {
        MinuteCache cache = new MinuteCache();
        long first = cache.parse(LineBytes.of(ACCEPT_DATE), 0, 24, ZoneOffset.UTC);
        String later = ACCEPT_DATE.replace(":05.120", ":07.009");
        assertThat(cache.parse(LineBytes.of(later), 0, 24, ZoneOffset.UTC))
                .isEqualTo(first + 2_000 - 111);
    }

    @Test
    void theSecondsOfACachedMinuteAreStillRead() {
        MinuteCache cache = new MinuteCache();
        long first = cache.parse(LineBytes.of(BASE), 0, 26, ZoneOffset.UTC);
        String later = BASE.replace(":05 ", ":59 ");
        assertThat(cache.parse(LineBytes.of(later), 0, 26, ZoneOffset.UTC))
                .isEqualTo(first + 54_000);
    }
}
