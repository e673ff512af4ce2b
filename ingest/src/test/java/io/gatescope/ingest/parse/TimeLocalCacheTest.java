package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeLocalCacheTest {

    private static final String BASE = "14/Mar/2026:09:10:05 +0000";

    @Test
    void aTimeDifferingFromThePreviousOneInAnyCharacterIsReadAfresh() {
        TimeLocalCache cache = new TimeLocalCache();
        String digits = "0123456789";
        for (int p = 0; p < BASE.length(); p++) {
            char c = BASE.charAt(p);
            for (char d : digits.toCharArray()) {
                if (!Character.isDigit(c) || d == c) {
                    continue;
                }
                String changed = BASE.substring(0, p) + d + BASE.substring(p + 1);
                for (String t : new String[] {BASE, changed, changed, BASE}) {
                    LineBytes line = LineBytes.of("[" + t + "]");
                    assertThat(cache.parse(line, 1, 27, ZoneOffset.UTC))
                            .as("%s after a cached minute", t)
                            .isEqualTo(Timestamps.parseClf(t, 0, t.length(), ZoneOffset.UTC));
                }
            }
        }
    }

    @Test
    void theSecondsOfACachedMinuteAreStillRead() {
        TimeLocalCache cache = new TimeLocalCache();
        long first = cache.parse(LineBytes.of(BASE), 0, 26, ZoneOffset.UTC);
        String later = BASE.replace(":05 ", ":59 ");
        assertThat(cache.parse(LineBytes.of(later), 0, 26, ZoneOffset.UTC))
                .isEqualTo(first + 54_000);
    }
}
