package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {

    @Test
    void millisecondDurationsReadExactlyAsTheGeneralPathReadsThem() {
        for (int v = 0; v < 10_000; v++) {
            String ms = (v / 1000) + "." + String.format("%03d", v % 1000);
            // A trailing zero takes the general path: same value, other digits.
            double general = Numbers.parseDecimal(ms + "0", 0, ms.length() + 1);
            assertThat(Numbers.parseDecimal(ms, 0, ms.length())).as(ms).isEqualTo(general);
            assertThat(Numbers.parseDecimal(LineBytes.of(ms), 0, ms.length()))
                    .as(ms)
                    .isEqualTo(general);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0a2", "1.2.3", "a.123", "1.-23", "1:234", "-"})
    void junkOfTheSameLengthIsNotANumber(String junk) {
        assertThat(Numbers.parseDecimal(junk, 0, junk.length())).isNaN();
    }

    @Test
    void otherShapesKeepTheirValues() {
        assertThat(Numbers.parseDecimal("12", 0, 2)).isEqualTo(12.0);
        assertThat(Numbers.parseDecimal("0.5", 0, 3)).isEqualTo(0.5);
        assertThat(Numbers.parseDecimal("12.250", 0, 6)).isEqualTo(12.25);
        assertThat(Numbers.parseDecimal("-1.000", 0, 6)).isEqualTo(-1.0);
        assertThat(Numbers.parseStatus("502", 0, 3)).isEqualTo(502);
        assertThat(Numbers.parseStatus("50", 0, 2)).isEqualTo(-1);
        assertThat(Numbers.parseLong("-", 0, 1)).isEqualTo(-1);
    }
}
